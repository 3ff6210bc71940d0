// Shared by the benchmarks: the median of a sample, and a function timed over several runs.

/** The middle value (the upper one of the two middles for an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs `fn` `runs` times (awaiting it when it returns a promise); returns the median time in ms
 * (one decimal), every time, and the last result. `onRun(k, ms, result)` sees each run.
 */
export async function timeRuns(runs, fn, onRun) {
  const times = [];
  let result;
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
    onRun?.(k, times[k], result);
  }
  return { ms: Math.round(median(times) * 10) / 10, times, result };
}

/** The number after `--name` on the command line, or `dflt`. */
export function numberArg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

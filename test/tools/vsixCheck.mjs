// What a shippable VSIX must (and must not) hold, per target: the bundles, media, grammar, and
// exactly its own platform's DuckDB, whose native files are checked by their headers.
import { spawnSync } from 'node:child_process';

/** The executable format and machine each target's native files must have. */
const NATIVE = {
  'linux-x64': { format: 'ELF', machine: 'x86-64', library: 'libduckdb.so' },
  'linux-arm64': { format: 'ELF', machine: 'arm64', library: 'libduckdb.so' },
  'darwin-x64': { format: 'Mach-O', machine: 'x86-64', library: 'libduckdb.dylib' },
  'darwin-arm64': { format: 'Mach-O', machine: 'arm64', library: 'libduckdb.dylib' },
  'win32-x64': { format: 'PE', machine: 'x86-64', library: 'duckdb.dll' },
};

/**
 * Reads an executable's header: ELF (e_machine), Mach-O 64-bit (cputype) or PE (COFF machine).
 * @param {Buffer} b the file's first bytes (4 KiB is enough for all three)
 * @returns {{ format: string, machine: string, universal?: boolean }}
 */
export function nativeHeader(b) {
  if (b.length >= 20 && b[0] === 0x7f && b.toString('latin1', 1, 4) === 'ELF') {
    const little = b[5] === 1;
    const machine = little ? b.readUInt16LE(18) : b.readUInt16BE(18);
    return { format: 'ELF', machine: { 0x3e: 'x86-64', 0xb7: 'arm64', 0x03: 'x86', 0x28: 'arm' }[machine] ?? `0x${machine.toString(16)}` };
  }
  const macCpu = (cpu) => ({ 0x01000007: 'x86-64', 0x0100000c: 'arm64' })[cpu] ?? `0x${cpu.toString(16)}`;
  if (b.length >= 8 && b.readUInt32BE(0) === 0xcafebabe) {
    // A universal Mach-O: one slice per architecture (20-byte fat_arch records, big-endian).
    const n = b.readUInt32BE(4);
    const archs = [];
    for (let i = 0; i < n && 8 + 20 * (i + 1) <= b.length; i++) archs.push(macCpu(b.readUInt32BE(8 + 20 * i)));
    return { format: 'Mach-O', machine: archs.join('+'), universal: true };
  }
  if (b.length >= 8 && b.readUInt32LE(0) === 0xfeedfacf) {
    return { format: 'Mach-O', machine: macCpu(b.readUInt32LE(4)) };
  }
  if (b.length >= 0x40 && b.toString('latin1', 0, 2) === 'MZ') {
    const pe = b.readUInt32LE(0x3c);
    if (pe + 6 <= b.length && b.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      const machine = b.readUInt16LE(pe + 4);
      return { format: 'PE', machine: { 0x8664: 'x86-64', 0xaa64: 'arm64', 0x14c: 'x86' }[machine] ?? `0x${machine.toString(16)}` };
    }
  }
  return { format: 'unknown', machine: 'unknown' };
}

function listFiles(vsix) {
  const listing = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (listing.status !== 0) throw new Error(`unzip -Z1 ${vsix} failed: ${listing.stderr}`);
  return listing.stdout.split('\n').filter(Boolean);
}

function headOf(vsix, entry) {
  // The first 4 KiB only: the libraries are tens of megabytes.
  const r = spawnSync('sh', ['-c', 'unzip -p "$1" "$2" | head -c 4096', 'sh', vsix, entry], { maxBuffer: 1024 * 1024 });
  return Buffer.from(r.stdout);
}

/**
 * Problems with one target's VSIX (none: it is shippable), and what its native files are.
 * @param {{ vsix: string, target: string }} report
 */
export function checkVsix({ vsix, target }) {
  const files = listFiles(vsix);
  const has = (re) => files.some((f) => re.test(f));
  const problems = [];
  for (const [what, re] of [
    ['dist/extension.js', /^extension\/dist\/extension\.js$/],
    ['dist/cli.js', /^extension\/dist\/cli\.js$/],
    ['the AWS backend bundle (dist/aws.js)', /^extension\/dist\/aws\.js$/],
    ['the formatter bundle (dist/format.js)', /^extension\/dist\/format\.js$/],
    ['the data-contract bundle (dist/contracts.js)', /^extension\/dist\/contracts\.js$/],
    ['the snippets', /^extension\/sql-snippets\/athena-sql\.code-snippets$/],
    ['the results webview bundle', /^extension\/dist\/webview\/results\.js$/],
    ['the results stylesheet (dist/webview/results.css)', /^extension\/dist\/webview\/results\.css$/],
    ['the Athena SQL grammar', /^extension\/syntaxes\/athena-sql\.tmLanguage\.json$/],
    ['the icon', /^extension\/media\/icon\.png$/],
    ['the walkthrough pages', /^extension\/media\/walkthrough\/sample\.md$/],
    ['README.md', /^extension\/readme\.md$/i],
    ['CHANGELOG.md', /^extension\/changelog\.md$/i],
    ['LICENSE', /^extension\/license(\.txt|\.md)?$/i],
  ]) {
    if (!has(re)) problems.push(`missing ${what}`);
  }
  for (const [what, re] of [
    ['TypeScript sources', /^extension\/(src|webview|test|bench)\//],
    ['source maps', /\.map$/],
    ['dev dependencies', /^extension\/node_modules\/(code-server|typescript|esbuild|playwright-core|mocha)\//],
    ['the test VS Code builds', /^extension\/\.vscode-test\//],
  ]) {
    if (has(re)) problems.push(`holds ${what}`);
  }
  const bindings = [...new Set(files.map((f) => /^extension\/node_modules\/@duckdb\/node-bindings-([^/]+)\//.exec(f)?.[1]).filter(Boolean))];
  const foreign = bindings.filter((b) => b !== target);
  if (foreign.length) problems.push(`holds other platforms' DuckDB: ${foreign.join(', ')}`);
  const want = NATIVE[target];
  const natives = [];
  if (!want) problems.push(`no expectation for target ${target}`);
  else {
    for (const name of ['duckdb.node', want.library]) {
      const entry = `extension/node_modules/@duckdb/node-bindings-${target}/${name}`;
      if (!files.includes(entry)) {
        problems.push(`missing DuckDB's ${name} for ${target}`);
        continue;
      }
      const header = nativeHeader(headOf(vsix, entry));
      natives.push({ file: name, ...header });
      // A universal macOS library serves the target when it holds the target's slice.
      const fits = header.universal ? header.machine.split('+').includes(want.machine) : header.machine === want.machine;
      if (header.format !== want.format || !fits) {
        problems.push(`${name} is ${header.format} ${header.machine}, expected ${want.format} ${want.machine} for ${target}`);
      }
    }
  }
  return { problems, natives, files: files.length };
}

import type { Page } from './types';

/** Every item of a paged list, following tokens to the end (or until `signal` aborts). */
export async function allPages<T>(fetch: (nextToken?: string) => Promise<Page<T>>, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    if (signal?.aborted) break;
    const p = await fetch(token);
    items.push(...p.items);
    token = p.nextToken;
  } while (token);
  return items;
}

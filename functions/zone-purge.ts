/** Cloudflare's purge API takes at most this many tags per call. */
const TAGS_PER_CALL = 100;

export interface ZonePurgeOptions {
  readonly zoneId: string;
  readonly apiToken: string;
  readonly apiBase?: string;
}

/**
 * Purges by `Cache-Tag` in every data centre through Cloudflare's zone purge API: the Cache API's own
 * `delete` only reaches the data centre that runs it. Resolves to the number of calls made; rejects with
 * Cloudflare's error when a call fails.
 */
export async function purgeZoneTags(
  opts: ZonePurgeOptions,
  tags: readonly string[],
  fetcher: typeof fetch,
): Promise<number> {
  const url = `${opts.apiBase ?? 'https://api.cloudflare.com/client/v4'}/zones/${opts.zoneId}/purge_cache`;
  let calls = 0;
  for (let i = 0; i < tags.length; i += TAGS_PER_CALL) {
    const res = await fetcher(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tags: tags.slice(i, i + TAGS_PER_CALL) }),
    });
    calls++;
    if (!res.ok) throw new Error(`zone purge answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }
  return calls;
}

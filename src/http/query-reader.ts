const WANTED = new Set(['id', 'appID', 'appVersion', 'compatMode']);

function decode(value: string): string {
  if (!value.includes('%') && !value.includes('+')) return value;
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    // Malformed percent-encoding: decode it as URLSearchParams does, which never throws.
    return new URLSearchParams(`v=${value}`).get('v') ?? '';
  }
}

/**
 * Reads the four parameters that matter out of Firefox's thirteen, decoding only those. Like Django's
 * QueryDict.get, the last of repeated values wins.
 */
export function queryReader(url: string): (name: string) => string | undefined {
  const found: Record<string, string> = {};
  const q = url.indexOf('?');
  if (q !== -1) {
    for (const pair of url.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      const rawKey = eq === -1 ? pair : pair.slice(0, eq);
      const key = rawKey.includes('%') || rawKey.includes('+') ? decode(rawKey) : rawKey;
      if (WANTED.has(key)) found[key] = eq === -1 ? '' : decode(pair.slice(eq + 1));
    }
  }
  return (name) => found[name];
}

/**
 * AMO's application-version ordering (`olympia.versions.compare.version_int`, amo.md a.3): a version string
 * becomes one integer so that `58.*` sorts above `58.5` and below `59.0`. Returned as a bigint because the
 * largest value (`*` = 65535999999200100) does not fit a double exactly.
 */
const VERSION_RE = /^(\d+|\*)\.?(\d+|\*)?\.?(\d+|\*)?\.?(\d+|\*)?([a|b]?)(\d*)(pre)?(\d)?/;

const MAX_MAJOR = 65535;
const MAX_MINOR = 99;
const MAX_VERSION_INT = 2n ** 63n - 1n;

function part(raw: string | undefined, star: boolean, max: number): { value: number; star: boolean } {
  if (raw === '*') return { value: max, star: true };
  if (raw === undefined) return { value: star ? max : 0, star };
  return { value: Math.min(Number.parseInt(raw, 10), max), star: false };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function versionInt(version: string): bigint {
  const m = VERSION_RE.exec(version);
  if (!m) return 200100n;
  const major = part(m[1], false, MAX_MAJOR);
  const minor1 = part(m[2], major.star, MAX_MINOR);
  const minor2 = part(m[3], minor1.star, MAX_MINOR);
  const minor3 = part(m[4], minor2.star, MAX_MINOR);
  const alpha = m[5] === 'a' ? 0 : m[5] === 'b' ? 1 : 2;
  const alphaVer = m[6] ? Math.min(Number.parseInt(m[6], 10), MAX_MINOR) : 0;
  const pre = m[7] ? 0 : 1;
  const preVer = m[8] ? Number.parseInt(m[8], 10) : 0; // one digit by the pattern
  const digits = `${major.value}${pad2(minor1.value)}${pad2(minor2.value)}${pad2(minor3.value)}${alpha}${pad2(alphaVer)}${pre}${pad2(preVer)}`;
  const value = BigInt(digits);
  return value > MAX_VERSION_INT ? MAX_VERSION_INT : value;
}

const memo = new Map<string, bigint>();
const MEMO_LIMIT = 10_000;

/** `versionInt` with a bounded memo: compat bounds and app versions repeat across millions of checks. */
export function versionIntCached(version: string): bigint {
  let value = memo.get(version);
  if (value === undefined) {
    value = versionInt(version);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(version, value);
  }
  return value;
}

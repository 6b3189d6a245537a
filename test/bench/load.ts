import autocannon from 'autocannon';

export interface LoadResult {
  readonly label: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

/** Drives `url` for `seconds` with `connections`, each request's path drawn from `nextPath`. */
export async function drive(opts: {
  label: string;
  url: string;
  seconds: number;
  connections?: number;
  nextPath: () => string;
  /** Sees every response's status and headers (names as the server sent them). */
  onResponse?: (status: number, headers: Record<string, string | string[]>) => void;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections ?? 64,
    duration: opts.seconds,
    requests: [
      {
        setupRequest: (req) => ({ ...req, path: opts.nextPath() }),
        ...(opts.onResponse
          ? {
              onResponse: (status: number, _body: string, _context: object, headers: unknown) =>
                opts.onResponse?.(status, (headers ?? {}) as Record<string, string | string[]>),
            }
          : {}),
      },
    ],
  });
  return {
    label: opts.label,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function printTable(rows: readonly LoadResult[]): void {
  console.log('\n| target | req/s | p50 ms | p99 ms | errors | non-2xx |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(`| ${r.label} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
}

/** Zipf(s) sampler over ranks 0..n-1 by inverse CDF on a precomputed table. */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / (k + 1) ** s;
    cdf[k] = sum;
  }
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

import { Redis } from '@upstash/redis/cloudflare';
import type { ManifestLayer } from '../../src/domain/edge/ports.ts';
import type { UpdateManifest } from '../../src/domain/update-manifest.ts';

export interface UpstashSourceOptions {
  readonly url: string;
  readonly token: string;
  /** The origin's key prefix: manifests live at `<prefix>manifest:<guid>` as JSON (`null`: unknown add-on). */
  readonly keyPrefix: string;
}

/**
 * The manifests the origin keeps in Redis, read over Upstash's REST API. The origin rewrites an add-on's
 * manifest after every change to it, so a value found here is current; a missing key means "ask the next
 * layer".
 */
export class UpstashManifestSource implements ManifestLayer {
  readonly name = 'redis';
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(opts: UpstashSourceOptions) {
    this.#prefix = opts.keyPrefix;
    this.#redis = new Redis({
      url: opts.url,
      token: opts.token,
      // An outage must fall through to the next layer at once, not after the client's 4 s of retries.
      retry: false,
      enableTelemetry: false,
      automaticDeserialization: false,
      // Pipelining would make one check wait for others; each check is one GET.
      enableAutoPipelining: false,
      readYourWrites: false,
    });
  }

  async find(guid: string) {
    const value = await this.#redis.get<string>(`${this.#prefix}manifest:${guid}`);
    if (value === null || value === undefined) return { found: false } as const;
    return { found: true, manifest: JSON.parse(value) as UpdateManifest | null } as const;
  }
}

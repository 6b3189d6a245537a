import { type ServerType, serve } from '@hono/node-server';
import type { Config } from '../config/schema.ts';
import { createApp } from '../http/app.ts';
import type { Logger } from '../http/types.ts';
import { astroPages } from './astro-pages.ts';
import type { Container } from './container.ts';
import { UpdateCheckSummary } from './update-check-summary.ts';

const VERSION = '0.1.0';

/** Starts the origin's HTTP server on the configured host and port; resolves once it listens. */
export async function startServer(
  container: Container,
  config: Config,
  logger: Logger,
  opts: { readonly prerendered?: boolean } = {},
): Promise<ServerType> {
  const app = createApp({
    pages: await astroPages({
      isFresh: opts.prerendered === false ? undefined : (at) => container.unchangedSince(at),
    }),
    servicesFor: container.servicesFor,
    health: container.health,
    version: { version: VERSION, build: config.buildId, commit: config.commit },
    pinSeconds: config.pinSeconds,
    siteUrl: config.siteUrl,
    logger,
    updateChecks: new UpdateCheckSummary(logger),
    edgeToken: config.edgeToken,
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(server),
    );
    server.once('error', reject);
  });
}

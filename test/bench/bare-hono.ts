import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The bench's yardstick: Hono on Node returning fixed bytes with the update check's headers. */
const body = process.env.BARE_BODY ?? '{}';
const app = new Hono();
app.get('*', (c) =>
  c.body(body, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=3600', ETag: '"fixed"' }),
);
const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' },
  (info) => {
    console.log(`listening on ${info.port}`);
  },
);
process.once('SIGTERM', () => server.close());

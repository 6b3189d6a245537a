import { Hono } from 'hono';
import type { AppDeps } from './types.ts';

/** Operations endpoints, as AMO's: load balancer ping, dependency checks, build identity. */
export function heartbeat(deps: Pick<AppDeps, 'health' | 'version'>) {
  const app = new Hono();

  app.get('/__lbheartbeat__', (c) => c.body(null, 200, { 'Cache-Control': 'no-store' }));

  app.get('/__heartbeat__', async (c) => {
    const results = await Promise.all(
      deps.health.map(async (h) => {
        try {
          await withTimeout(h.check(), 3000);
          return [h.name, { state: true, status: '' }] as const;
        } catch (error) {
          return [
            h.name,
            { state: false, status: error instanceof Error ? error.message : String(error) },
          ] as const;
        }
      }),
    );
    const ok = results.every(([, r]) => r.state);
    c.header('Cache-Control', 'no-store');
    return c.json(Object.fromEntries(results), ok ? 200 : 500);
  });

  app.get('/__version__', (c) => c.json(deps.version, 200, { 'Cache-Control': 'no-store' }));
  return app;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

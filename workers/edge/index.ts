import { createEdgeApp } from '../../functions/app.ts';
import { type EdgeConfig, loadEdgeConfig } from '../../functions/config.ts';

type EdgeApp = ReturnType<typeof createEdgeApp>;
let built: EdgeApp | null = null;

/** Config is read and the edge built once per isolate: bindings do not change within one. */
function edgeFor(env: Record<string, unknown>): EdgeApp {
  if (built) return built;
  const config: EdgeConfig = loadEdgeConfig(env);
  built = createEdgeApp(config, {
    sharedCache: typeof caches === 'undefined' ? null : caches.default,
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
  });
  return built;
}

export default {
  fetch(req, env, ctx) {
    return edgeFor(env).fetch(req, env, ctx);
  },
} satisfies ExportedHandler<Record<string, unknown>>;

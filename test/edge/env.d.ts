/// <reference types="@cloudflare/vitest-plugin/types" />

// The bindings of test/edge/wrangler.test.jsonc and the Worker under test, for `cloudflare:workers`.
declare namespace Cloudflare {
  interface Env {
    readonly ORIGIN_URL: string;
    readonly EDGE_TOKEN: string;
    readonly EDGE_CACHE: string;
  }
  interface GlobalProps {
    mainModule: typeof import('../../workers/edge/index.ts');
  }
}

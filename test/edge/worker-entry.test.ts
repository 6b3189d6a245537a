import { exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { EDGE_URL } from './edge-harness.ts';
import { updateCheckPath } from './factories.ts';

// Through workers/edge/index.ts with test/edge/wrangler.test.jsonc's bindings: the bundle boots in workerd,
// reads its configuration and answers without any origin (nothing listens on ORIGIN_URL).
it('answers an invalid update check 400 {} through the real Worker entry', async () => {
  const res = await exports.default.fetch(EDGE_URL + updateCheckPath({ appID: undefined }));

  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(res.headers.get('x-trove-source')).toBe('edge');
  expect(await res.text()).toBe('{}');
});

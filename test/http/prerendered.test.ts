import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type PrerenderManifest, prerenderedPages } from '../../src/origin/prerendered.ts';

function site(fresh: { value: boolean }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trove-prerendered-'));
  fs.mkdirSync(path.join(dir, 'en-US/firefox'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'en-US/firefox/index.html'), '<h1>prerendered home</h1>');
  const manifest: PrerenderManifest = {
    builtAt: '2026-11-27T10:00:00.000Z',
    pages: { '/en-US/firefox/': { file: 'en-US/firefox/index.html', tags: 'catalogue' } },
  };
  const app = new Hono();
  app.use(prerenderedPages({ manifest, dir, isFresh: async () => fresh.value }));
  app.get('*', (c) => c.html('<h1>rendered on demand</h1>'));
  return app;
}

describe('pages prerendered at build time', () => {
  it('are served to anonymous visitors while the catalogue is unchanged since the build', async () => {
    const fresh = { value: true };
    const app = site(fresh);
    const res = await app.request('/en-US/firefox/');
    expect(await res.text()).toBe('<h1>prerendered home</h1>');
    expect(res.headers.get('X-Trove-Prerendered')).toBe('2026-11-27T10:00:00.000Z');
    expect(res.headers.get('Cache-Tag')).toBe('catalogue');
    expect(res.headers.get('CDN-Cache-Control')).toContain('s-maxage');
  });

  it('give way to on-demand rendering after a change, for signed-in visitors and with a query', async () => {
    const fresh = { value: true };
    const app = site(fresh);
    expect(
      await (await app.request('/en-US/firefox/', { headers: { cookie: 'trove_session=x' } })).text(),
    ).toContain('on demand');
    expect(await (await app.request('/en-US/firefox/?page=2')).text()).toContain('on demand');
    fresh.value = false;
    expect(await (await app.request('/en-US/firefox/')).text()).toContain('on demand');
  });
});

// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

/**
 * The storefront. Pages are prerendered unless they opt out (`export const prerender = false`); the origin
 * (src/origin/) serves dist/client and mounts the on-demand handler built here in middleware mode, handing
 * each page the request's services through `Astro.locals`.
 */
export default defineConfig({
  // Streaming off: the origin adds Server-Timing when the head is written, after the page's queries.
  adapter: node({ mode: 'middleware', experimentalDisableStreaming: true }),
  // No Astro sessions: accounts (issue 5) keep their own, in the database.
  session: undefined,
  // The stylesheet is a hashed /_astro file (immutable, cached a year) rather than bytes in every page.
  build: { inlineStylesheets: 'never' },
  telemetry: false,
  devToolbar: { enabled: false },
});

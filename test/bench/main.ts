/** `npm run bench -- <name>`: benchmarks that print figures. Never part of `npm test`. */
const BENCHES: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  update: () => import('./update.ts'),
  seed: () => import('./seed.ts'),
  search: () => import('./search.ts'),
  build: () => import('./build.ts'),
  edge: () => import('./edge.ts'),
  'hit-ratio': () => import('./hit-ratio.ts'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? BENCHES[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]`);
  process.exit(2);
}
await (await load()).run(args);
process.exit(0);

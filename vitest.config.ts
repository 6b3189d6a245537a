import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Both projects report here, so the summary line counts every test of the run.
    reporters: ['default', './test/support/summary-reporter.ts'],
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/edge/**'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        // The edge Worker's code inside workerd, as Cloudflare runs it.
        plugins: [cloudflareTest({ wrangler: { configPath: './test/edge/wrangler.test.jsonc' } })],
        test: {
          name: 'workerd',
          include: ['test/edge/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});

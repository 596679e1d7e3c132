import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'contract', root: './contract', include: ['src/**/*.test.ts'] } },
      // The web's logic that needs no browser (the browser journeys are e2e).
      { test: { name: 'web', root: './web', include: ['src/**/*.test.ts'], setupFiles: ['./src/test-setup.ts'] } },
      {
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // Two cores: two files at a time, each on its own cloned database.
          poolOptions: { forks: { maxForks: 2, minForks: 1 } },
        },
      },
      {
        test: {
          name: 'e2e',
          root: './e2e',
          include: ['**/*.e2e.ts'],
          // The demo federation is created and seeded once; each file's server starts on a copy.
          globalSetup: ['./global-setup.ts'],
          // A journey is a person's whole task (the congress one takes 45–65 s on a busy two-core host).
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

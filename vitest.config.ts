import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default for `run` is one worker fewer than the cores: a single worker on the
    // 2-core CI machine, which left the files strictly one after another. Most of a file's time
    // is spent waiting on Chromium, child processes, PostgreSQL and Redis, so two files at once
    // fit on two cores (every file has its own databases, ports and browser profile).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    globalSetup: ['tests/global-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});

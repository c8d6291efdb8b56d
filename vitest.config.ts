import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Says once when ../shared/corpus is absent and the corpus-based tests skip.
    globalSetup: ['test/support/corpus-notice.ts'],
  },
});

import { describe, expect, it } from 'vitest';
import config from '../vitest.config.ts';
import { CORPUS_DIR, corpusNotice } from './support/corpus-notice.ts';

describe('npm test without ../shared/corpus', () => {
  it('says once why the corpus-based tests are skipped', () => {
    expect(corpusNotice('/nonexistent/shared/corpus')).toMatch(/^preadmit tests: \/nonexistent\/shared\/corpus is absent, so the tests built on the upstream corpora are skipped/);
    expect(corpusNotice(import.meta.dirname)).toBeUndefined();
    expect(CORPUS_DIR.endsWith('/shared/corpus')).toBe(true);
  });

  it('is a global setup of the test run, so it prints once per run', () => {
    const setup = config.test?.globalSetup;
    expect([setup].flat()).toContain('test/support/corpus-notice.ts');
  });
});

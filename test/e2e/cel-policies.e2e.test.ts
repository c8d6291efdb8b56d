import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeRepo } from './fake-repo.ts';
import { pullRequestPayload, startHarness, type Harness } from './harness.ts';

/** The CEL policy kinds (ValidatingPolicy, ValidatingAdmissionPolicy + binding) kept in the repository, judged by the app. */
const CEL_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cel');
const policyFiles = (set: string): Record<string, string> =>
  Object.fromEntries(readdirSync(join(CEL_FIXTURES, set)).map((f) => [`cluster/policies/security/${f}`, readFileSync(join(CEL_FIXTURES, set, f), 'utf8')]));
const web = readFileSync(join(CEL_FIXTURES, 'repo', 'web.yaml'), 'utf8');
const CONFIG = 'policies:\n  paths: [cluster/policies]\n  builtin: false\n';

describe('the app with CEL policies from the repository', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function pull(name: string, set: string): Promise<ReturnType<FakeRepo['checkRunsFor']>> {
    const repo = h.fake.repo('acme', name);
    const base = repo.commit({ '.github/preadmit.yml': CONFIG, ...policyFiles(set) });
    const head = repo.commit({ ...repo.filesOf(base), 'apps/web.yaml': web }, 'add web', [base]);
    repo.setPull(1, base, head);
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    return repo.checkRunsFor(head);
  }

  it('a ValidatingPolicy and a ValidatingAdmissionPolicy with Deny fail the check, annotated on the field their expression reads', async () => {
    const runs = await pull('cel-deny', 'deny');
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.conclusion).toBe('failure');
    const failures = run.annotations.filter((a) => a.annotation_level === 'failure');
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'apps/web.yaml', start_line: 16, title: expect.stringContaining('require-run-as-non-root') }),
        expect.objectContaining({ path: 'apps/web.yaml', start_line: 16, title: expect.stringContaining('pinned-images') }),
      ]),
    );
    expect(failures).toHaveLength(2);
  });

  it('validationActions Warn reports without blocking', async () => {
    const runs = await pull('cel-warn', 'warn');
    const run = runs[0]!;
    expect(run.conclusion).not.toBe('failure');
    expect(run.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([]);
    expect(run.annotations).toContainEqual(expect.objectContaining({ path: 'apps/web.yaml', start_line: 7, message: expect.stringContaining('replicas must be at most 5, not 8') }));
  });
});

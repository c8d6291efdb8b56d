/**
 * Issue 13, more silent passes: a Helm chart whose dependency is not vendored (a render error
 * already on the base branch) must not let a new privileged container through, and a
 * PolicyException the pull request changes (it is on the base; the pull request widens it) is
 * a blocking finding for the policy owners and is never applied to the pull request itself.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeCheckRun, FakeRepo } from './fake-repo.ts';
import { checkPullRequest, PRIVILEGED_POD, startHarness, type Harness } from './harness.ts';

const POLICIES = join(import.meta.dirname, '..', 'fixtures', 'base-head');

const privilegedPod = PRIVILEGED_POD;
const calmPod = privilegedPod.replace('privileged: true', 'privileged: false');

/** A PolicyException of the fixture policy's rule for the Pods `names` in namespace apps. */
const exception = (names: string[]): string =>
  `apiVersion: kyverno.io/v2\nkind: PolicyException\nmetadata:\n  name: let-in\n  namespace: apps\nspec:\n  exceptions:\n    - policyName: fixture-no-privileged\n      ruleNames: [no-privileged]\n  match:\n    any:\n      - resources:\n          kinds: [Pod]\n          namespaces: [apps]\n          names: [${names.join(', ')}]\n`;

describe('more inputs the app could not check, or must not trust, fail the check', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ policyDirs: [POLICIES] });
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A pull request from `baseFiles` to `headFiles`; returns its one completed check run. */
  async function check(name: string, baseFiles: Record<string, string>, headFiles: Record<string, string>): Promise<{ run: FakeCheckRun; repo: FakeRepo }> {
    const { runs, repo } = await checkPullRequest(h, name, baseFiles, headFiles);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('completed');
    return { run: runs[0]!, repo };
  }

  /** The "Not checked" list of the summary, its Markdown escapes undone. */
  const notChecked = (run: FakeCheckRun): string => (/#### Not checked \(\d+\)\n\n([^]*?)\n\n/.exec(run.output.summary)?.[1] ?? '').replace(/\\(.)/g, '$1');
  const blocking = (run: FakeCheckRun): Array<[string, number]> => run.annotations.filter((a) => a.annotation_level === 'failure').map((a) => [a.path, a.start_line]);

  describe('a Helm chart whose dependency is not vendored (a render error already on the base)', () => {
    const chart = 'apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 18.1.0\n    repository: https://charts.bitnami.com/bitnami\n';
    const template = privilegedPod.replace('privileged: true', 'privileged: {{ .Values.privileged }}').replace('  namespace: apps\n', '');
    const tree = { 'charts/web/Chart.yaml': chart, 'charts/web/values.yaml': 'privileged: false\n', 'charts/web/templates/pod.yaml': template };
    const reason = /^- \*\*charts\/web\*\*: helm rendered it only in part on the head, so part of what it deploys was not checked: charts\/web\/Chart\.yaml:5:5: dependency "redis" \(https:\/\/charts\.bitnami\.com\/bitnami\) is not in charts\/web\/charts\/, and preadmit renders without network access and never fetches chart dependencies.*Run helm dependency build on the chart and commit the archive in its charts\/ directory.*$/;

    it('a privileged container added to its templates fails the check on its line, naming the dependency as not checked and why', async () => {
      const { run } = await check('chart-dep-template', tree, { ...tree, 'charts/web/templates/pod.yaml': template.replace('{{ .Values.privileged }}', 'true') });
      expect(run.conclusion).toBe('failure');
      expect(run.output.title).toMatch(/^1 input not checked/);
      expect(run.output.summary).toContain('### ❌ This change introduces blocking');
      expect(notChecked(run).split('\n')).toEqual([expect.stringMatching(reason)]);
      // The chart renders without its dependency on both sides: its own Pod is checked, and blocked on the template line
      expect(run.output.summary).toContain('Fixed: 0 ·');
      expect(run.output.text ?? '').toContain('`charts/web` (helm, 1 resources)');
      expect(blocking(run)).toEqual([['charts/web/templates/pod.yaml', 10]]);
    });

    it('privileged through its values fails the check on the values line, also with failurePolicy: ignore (the dependency still named)', async () => {
      const { run } = await check('chart-dep-values', tree, { ...tree, 'charts/web/values.yaml': 'privileged: true\n' });
      expect(run.conclusion).toBe('failure');
      expect(blocking(run)).toEqual([['charts/web/values.yaml', 1]]);
      expect(notChecked(run).split('\n')).toEqual([expect.stringMatching(reason)]);
      const ignoring = { ...tree, '.github/preadmit.yml': 'failurePolicy: ignore\n' };
      const ignored = await check('chart-dep-values-ignore', ignoring, { ...ignoring, 'charts/web/values.yaml': 'privileged: true\n' });
      // what was not checked no longer fails the check, but what was checked still does
      expect(ignored.run.conclusion).toBe('failure');
      expect(blocking(ignored.run)).toEqual([['charts/web/values.yaml', 1]]);
      expect(notChecked(ignored.run).split('\n')).toEqual([expect.stringMatching(reason)]);
      // with nothing new to block, the dependency not checked is neutral under failurePolicy: ignore
      const calm = await check('chart-dep-calm-ignore', ignoring, { ...ignoring, 'charts/web/values.yaml': 'privileged: false\nimage: x\n' });
      expect(calm.run.conclusion).toBe('neutral');
    });

    it('does not hide a privileged Pod added beside it in a plain manifest of the same pull request', async () => {
      const { run } = await check('chart-dep-and-plain', tree, { ...tree, 'charts/web/templates/pod.yaml': template.replace('{{ .Values.privileged }}', 'true'), 'apps/pod.yaml': privilegedPod });
      expect(run.conclusion).toBe('failure');
      expect(blocking(run)).toEqual([['apps/pod.yaml', 11], ['charts/web/templates/pod.yaml', 10]]);
      expect(run.annotations.find((a) => a.annotation_level === 'failure')?.message).toContain('Containers must not run privileged.');
      expect(notChecked(run).split('\n')).toEqual([expect.stringMatching(reason)]);
    });
  });

  describe('a PolicyException the pull request changes', () => {
    const changed = "PolicyException apps/let-in is changed by this pull request: it needs review by the policy owners and is not applied to this pull request's own resources";

    it('widened in its own file to cover a new privileged Pod: the change is blocking for the policy owners and the Pod is blocked', async () => {
      const base = { 'apps/exceptions.yaml': exception(['calm']) };
      const { run } = await check('exception-widened', base, { 'apps/exceptions.yaml': exception(['calm', 'evil']), 'apps/pod.yaml': privilegedPod });
      expect(run.conclusion).toBe('failure');
      expect(blocking(run)).toEqual(expect.arrayContaining([['apps/pod.yaml', 11], ['apps/exceptions.yaml', 1]]));
      expect(blocking(run)).toHaveLength(2);
      const review = run.annotations.find((a) => a.path === 'apps/exceptions.yaml');
      expect(review?.annotation_level).toBe('failure');
      expect(review?.message).toContain(changed);
      expect(run.annotations.find((a) => a.path === 'apps/pod.yaml')?.message).toContain('Containers must not run privileged.');
      // Control: the widened exception does exempt the Pod when the base branch holds it (the file edited, the exception not).
      const held = { 'apps/exceptions.yaml': exception(['calm', 'evil']) };
      const control = await check('exception-widened-on-base', held, { 'apps/exceptions.yaml': `${exception(['calm', 'evil'])}# reviewed\n`, 'apps/pod.yaml': privilegedPod });
      expect(control.run.conclusion).toBe('success');
      expect(blocking(control.run)).toEqual([]);
    });

    it('widened beside the Pod it now covers, in the same file: the base version applies, so the Pod is blocked', async () => {
      const before = `${calmPod}---\n${exception(['other'])}`;
      const after = `${privilegedPod}---\n${exception(['other', 'evil'])}`;
      const { run } = await check('exception-widened-same-file', { 'apps/pod.yaml': before }, { 'apps/pod.yaml': after });
      expect(run.conclusion).toBe('failure');
      // The finding sits on the exception's document, which starts at its `---` line.
      const exceptionLine = after.split('\n').indexOf('---') + 1;
      expect(blocking(run)).toEqual(expect.arrayContaining([['apps/pod.yaml', 11], ['apps/pod.yaml', exceptionLine]]));
      expect(blocking(run)).toHaveLength(2);
      expect(run.annotations.find((a) => a.start_line === exceptionLine)?.message).toContain(changed);
    });

    it('moved to another file and widened: an added exception, blocking, and the Pod is blocked', async () => {
      const { run } = await check('exception-moved', { 'apps/exceptions.yaml': exception(['calm']) }, { 'policy-exceptions/let-in.yaml': exception(['calm', 'evil']), 'apps/pod.yaml': privilegedPod });
      expect(run.conclusion).toBe('failure');
      expect(blocking(run)).toEqual(expect.arrayContaining([['apps/pod.yaml', 11], ['policy-exceptions/let-in.yaml', 1]]));
      expect(blocking(run)).toHaveLength(2);
      expect(run.annotations.find((a) => a.path === 'policy-exceptions/let-in.yaml')?.message).toContain('PolicyException apps/let-in is added by this pull request: it needs review by the policy owners');
    });
  });
});

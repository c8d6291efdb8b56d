/**
 * Issue 13, "silent passes": every way a privileged Pod could merge under "No new findings".
 * Whatever the app could not check turns the conclusion to failure (neutral with
 * failurePolicy: ignore), and the summary names exactly what was not checked and why.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeCheckRun, FakeRepo } from './fake-repo.ts';
import { PRIVILEGED_POD, pullRequestPayload, startHarness, type Harness } from './harness.ts';

const POLICIES = join(import.meta.dirname, '..', 'fixtures', 'base-head');

const privilegedPod = PRIVILEGED_POD;
const calmPod = privilegedPod.replace('privileged: true', 'privileged: false').replace('name: evil', 'name: calm');

describe('nothing the app could not check passes', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ policyDirs: [POLICIES] });
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A pull request onto `base` files adding `added`; returns its completed check run. */
  async function check(name: string, baseFiles: Record<string, string | Buffer | { symlink: string }>, added: Record<string, string | Buffer | { symlink: string }>, before?: () => void): Promise<{ run: FakeCheckRun; repo: FakeRepo }> {
    const repo = h.fake.repo('acme', name);
    const base = repo.commit({ 'README.md': 'gitops\n', ...baseFiles }, 'base');
    const head = repo.commit({ 'README.md': 'gitops\n', ...baseFiles, ...added }, 'change', [base]);
    repo.setPull(1, base, head);
    before?.();
    await h.deliverAndSettle('pull_request', pullRequestPayload(repo, 'opened', 1));
    const runs = repo.checkRunsFor(head);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('completed');
    return { run: runs[0]!, repo };
  }

  /** The "Not checked" list of the summary, its Markdown escapes undone. */
  const notChecked = (run: FakeCheckRun): string => (/#### Not checked \(\d+\)\n\n([^]*?)\n\n/.exec(run.output.summary)?.[1] ?? '').replace(/\\(.)/g, '$1');
  const blockingAt = (run: FakeCheckRun): Array<[string, number]> => run.annotations.filter((a) => a.annotation_level === 'failure').map((a) => [a.path, a.start_line]);

  it('a manifest over the size limit (50 MB) fails the check and is named', async () => {
    const huge = privilegedPod + `# ${'x'.repeat(78)}\n`.repeat(Math.ceil((50 * 1048576) / 81));
    const { run } = await check('oversize', {}, { 'apps/huge.yaml': huge });
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toMatch(/^1 input not checked/);
    expect(notChecked(run)).toMatch(/apps\/huge\.yaml\*\*: is 50\.\d MB at [0-9a-f]{7}; files over 10 MB are not read/);
  });

  // The probe's 9 MB file takes the same paths as these (GraphQL cuts text at 512 KB, the contents API serves 1 MB inline);
  // evaluating 9 MB of YAML takes ~20 s here, so the test uses 4 MB and 2 MB.
  it('a large manifest under the limit is read whole (GraphQL text cut, and the contents API of a truncated tree) and its privileged Pod found', async () => {
    const big = privilegedPod + `# ${'y'.repeat(78)}\n`.repeat(Math.ceil((4 * 1048576) / 81));
    const viaGraphql = await check('four-mb', {}, { 'apps/big.yaml': big });
    expect(viaGraphql.run.conclusion).toBe('failure');
    expect(blockingAt(viaGraphql.run)).toEqual([['apps/big.yaml', 11]]);
    expect(notChecked(viaGraphql.run)).toBe('');
    // Without GraphQL and with a truncated tree listing, the file comes through the contents API (encoding "none" over 1 MB).
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`aa/${i}.txt`] = `${i}\n`;
    h.fake.graphql = false;
    h.fake.truncateTrees = true;
    try {
      // 2 MB is enough for this path (over the contents API's 1 MB inline limit) and keeps the test short.
      const viaContents = await check('two-mb-contents', files, { 'zz/big.yaml': big.slice(0, 2 * 1048576) + '\n' });
      expect(viaContents.run.conclusion).toBe('failure');
      expect(blockingAt(viaContents.run)).toEqual([['zz/big.yaml', 11]]);
    } finally {
      h.fake.graphql = true;
      h.fake.truncateTrees = false;
    }
  }, 120_000);

  it('a UTF-16 manifest with a byte-order mark is read as kubectl reads it, and checked', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(privilegedPod, 'utf16le')]);
    const { run } = await check('utf16', {}, { 'apps/pod.yaml': utf16 });
    expect(run.conclusion).toBe('failure');
    expect(blockingAt(run)).toEqual([['apps/pod.yaml', 11]]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(privilegedPod, 'utf16le').swap16()]);
    const big = await check('utf16-be', {}, { 'apps/pod.yaml': be });
    expect(blockingAt(big.run)).toEqual([['apps/pod.yaml', 11]]);
  });

  it('a binary file named .yaml fails the check and is named (neutral with failurePolicy: ignore)', async () => {
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00]);
    const { run } = await check('binary', {}, { 'apps/pod.yaml': binary });
    expect(run.conclusion).toBe('failure');
    expect(notChecked(run)).toMatch(/apps\/pod\.yaml\*\*: .*binary/);
    const ignored = await check('binary-ignore', { '.github/preadmit.yml': 'failurePolicy: ignore\n' }, { 'apps/pod.yaml': binary });
    expect(ignored.run.conclusion).toBe('neutral');
    expect(notChecked(ignored.run)).toMatch(/apps\/pod\.yaml/);
    expect(ignored.run.output.summary).toContain('failurePolicy is ignore');
  });

  it('an in-repository symlink (apps/evil.yaml → pod.txt) fails the check and is named', async () => {
    const { run } = await check('symlink', {}, { 'apps/pod.txt': privilegedPod, 'apps/evil.yaml': { symlink: 'pod.txt' } });
    expect(run.conclusion).toBe('failure');
    expect(notChecked(run)).toMatch(/apps\/evil\.yaml\*\*: is a symbolic link at [0-9a-f]{7}; kubectl would apply the file it points to/);
  });

  it('1,001 changed manifests: the ones left out fail the check', async () => {
    const added: Record<string, string> = {};
    for (let i = 0; i < 1001; i++) added[`apps/m${String(i).padStart(4, '0')}.yaml`] = calmPod.replace('name: calm', `name: calm-${i}`);
    added['apps/m1000.yaml'] = privilegedPod;
    const { run } = await check('thousand-and-one', {}, added);
    expect(run.conclusion).toBe('failure');
    expect(notChecked(run)).toContain('1001 manifests changed; only the first 1000 (by path) were checked');
  });

  it('5,000 changed files (GitHub lists 3,000): the unlisted ones fail the check', async () => {
    const added: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) added[`docs/n${String(i).padStart(4, '0')}.md`] = `${i}\n`;
    added['zz/pod.yaml'] = privilegedPod;
    const { run } = await check('five-thousand', {}, added);
    expect(run.conclusion).toBe('failure');
    expect(notChecked(run)).toContain('This pull request changes 5001 files; GitHub lists only the first 3000');
  });

  it('a PolicyException the pull request adds is a blocking finding for the policy owners and never exempts its own Pod', async () => {
    const exception = `apiVersion: kyverno.io/v2\nkind: PolicyException\nmetadata:\n  name: let-evil-in\n  namespace: apps\nspec:\n  exceptions:\n    - policyName: fixture-no-privileged\n      ruleNames: [no-privileged]\n  match:\n    any:\n      - resources:\n          kinds: [Pod]\n          names: [evil]\n`;
    const { run } = await check('exception', {}, { 'apps/pod.yaml': `${privilegedPod}---\n${exception}` });
    expect(run.conclusion).toBe('failure');
    const failures = run.annotations.filter((a) => a.annotation_level === 'failure');
    expect(failures.map((a) => [a.path, a.start_line])).toEqual(expect.arrayContaining([['apps/pod.yaml', 11]]));
    const review = failures.find((a) => a.message.includes('policy owners'));
    expect(review?.start_line).toBeGreaterThanOrEqual(12);
    expect(review?.message).toContain('PolicyException apps/let-evil-in is added by this pull request: it needs review by the policy owners');
    // Unchanged on the base, the same exception is no finding (and an edit elsewhere does not re-raise it).
    const kept = await check('exception-kept', { 'apps/exc.yaml': exception }, { 'apps/exc.yaml': exception + '# reviewed\n' });
    expect(kept.run.conclusion).toBe('success');
    // An exception the base branch holds applies: the Pod it exempts, edited in the same file, is not blocked.
    const calmEvil = privilegedPod.replace('privileged: true', 'privileged: false');
    const baseHeld = await check('exception-on-base', { 'apps/pod.yaml': `${calmEvil}---\n${exception}` }, { 'apps/pod.yaml': `${privilegedPod}---\n${exception}` });
    expect(baseHeld.run.conclusion).toBe('success');
    expect(baseHeld.run.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([]);
  });

  it('policies.paths: ["."] does not turn every manifest into an unchecked policy file', async () => {
    const { run } = await check('paths-dot', { '.github/preadmit.yml': 'policies:\n  paths: ["."]\n' }, { 'apps/pod.yaml': privilegedPod });
    expect(run.conclusion).toBe('failure');
    expect(blockingAt(run)).toEqual([['apps/pod.yaml', 11]]);
  });

  it('markdown in file names stays text in the summary', async () => {
    const { run } = await check('md-names', {}, { 'apps/[x](https:/evil.example)<b>.yaml': Buffer.from([0x00, 0x01, 0x02]) });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('apps/\\[x\\]\\(https:/evil\\.example\\)&lt;b&gt;\\.yaml');
    expect(run.output.summary).not.toContain('[x](https:/evil.example)');
    expect(run.output.summary).not.toContain('<b>');
  });
});

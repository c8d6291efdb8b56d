import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import { parseManifestText } from '../../manifest/parse.ts';
import { loadPolicies } from '../load.ts';
import { classicPolicyMistakes } from './index.ts';

const CORPUS = '/work/shared/corpus';

const policy = (rule: JsonObject): JsonObject => ({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' }, spec: { rules: [{ name: 'r', ...rule }] } });
const pods = { any: [{ resources: { kinds: ['Pod'] } }] };
const mistakes = (rule: JsonObject): { pointer: string; message: string }[] => classicPolicyMistakes(policy(rule)).map(({ pointer, message }) => ({ pointer, message }));

describe('classic policies Kyverno accepts load without a mistake', () => {
  it.runIf(existsSync(CORPUS))('every ClusterPolicy/Policy of the policy library and of the kyverno CLI suites', () => {
    // every YAML file, hidden test folders included (.kyverno-test, .chainsaw-test hold policies too)
    const paths = [`${CORPUS}/kyverno-policies`, `${CORPUS}/kyverno-cli`].flatMap((root) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((p) => /\.ya?ml$/.test(p)).map((p) => join(root, p)),
    );
    const docs = paths.flatMap((file) =>
      parseManifestText(file, readFileSync(file, 'utf8')).resources.map((r) => ({ object: r.object, file, documentIndex: r.origin.documentIndex, ranges: r.origin.ranges })),
    );
    // policies with rules (chainsaw tests also hold partial documents to assert on)
    const classic = docs.filter(
      (d) => String(d.object['apiVersion']).startsWith('kyverno.io/') && ['ClusterPolicy', 'Policy'].includes(String(d.object['kind'])) && Array.isArray((d.object['spec'] as JsonObject | undefined)?.['rules']),
    );
    expect(classic.length).toBeGreaterThan(250);
    const refused = classic.flatMap((d) => classicPolicyMistakes(d.object).map((m) => `${d.file}: ${m.pointer}: ${m.message}`));
    expect(refused).toEqual([]);
    const loaded = loadPolicies(classic, 'security');
    expect(loaded.problems).toEqual([]);
    expect(loaded.policies.length).toBe(classic.length);
  }, 180_000);

  it('escaped braces, `{{@}}`, nested variables, custom functions and both conditions forms', () => {
    expect(
      mistakes({
        match: pods,
        preconditions: [{ key: '{{ request.operation }}', operator: 'AnyIn', value: ['CREATE'] }],
        validate: {
          message: 'literal \\{{ not a variable }} and {{ request.object.metadata.labels."app.kubernetes.io/name" }}',
          foreach: [
            {
              list: 'request.object.spec.containers',
              preconditions: { all: [{ key: "{{ element.image | split(@, ':') | length(@) }}", operator: 'Equals', value: 1 }] },
              pattern: { image: '{{ @ }}', '=(imagePullPolicy)': 'Always', 'X(hostPort)': 'null' },
            },
          ],
        },
        context: [{ name: 'jp', variable: { value: 'name', jmesPath: '{{ request.object.metadata.{{ jp }} }}' } }],
      }),
    ).toEqual([]);
  });
});

describe('each mistake Kyverno refuses is reported once, at its key', () => {
  it('a rule without match', () => {
    expect(mistakes({ validate: { pattern: {} } })).toEqual([{ pointer: '/spec/rules/0', message: expect.stringContaining('no `match`') }]);
  });

  it('an unknown field in match, exclude, validate, mutate, a foreach or a condition, with the field meant', () => {
    expect(mistakes({ match: { any: [{ resources: { kind: ['Deployment'] } }] }, validate: { pattern: {} } })).toEqual([
      { pointer: '/spec/rules/0/match/any/0/resources/kind', message: expect.stringContaining('write `kinds`, a list (`kinds: [Deployment]`)') },
    ]);
    expect(mistakes({ match: pods, exclude: { any: [{ resources: { namespace: ['kube-system'] } }] }, validate: { pattern: {} } })).toEqual([
      { pointer: '/spec/rules/0/exclude/any/0/resources/namespace', message: expect.stringContaining('write `namespaces` instead') },
    ]);
    expect(mistakes({ match: pods, validate: { patern: {} } })).toEqual([{ pointer: '/spec/rules/0/validate/patern', message: expect.stringContaining('write `pattern` instead') }]);
    expect(mistakes({ match: pods, mutate: { patchStrategicMerges: {} } })).toEqual([
      { pointer: '/spec/rules/0/mutate/patchStrategicMerges', message: expect.stringContaining('write `patchStrategicMerge` instead') },
    ]);
    expect(mistakes({ match: pods, validate: { foreach: [{ list: 'request.object.spec.volumes', denny: {} }] } })).toEqual([
      { pointer: '/spec/rules/0/validate/foreach/0/denny', message: expect.stringContaining('write `deny` instead') },
    ]);
    expect(mistakes({ match: pods, validate: { deny: { conditions: { any: [{ key: 1, operator: 'Equals', values: 1 }] } } } })).toEqual([
      { pointer: '/spec/rules/0/validate/deny/conditions/any/0/values', message: expect.stringContaining('write `value` instead') },
    ]);
  });

  it('an unknown operator, an unparsable JMESPath expression, a broken anchor', () => {
    expect(mistakes({ match: pods, preconditions: { any: [{ key: 1, operator: 'Equal', value: 1 }, { key: 1, operator: 'AnyNotInn', value: [1] }] }, validate: { pattern: {} } })).toEqual([
      { pointer: '/spec/rules/0/preconditions/any/1/operator', message: 'unknown condition operator `AnyNotInn`: write `AnyNotIn`' },
    ]);
    expect(mistakes({ match: pods, validate: { message: 'name {{ request.object.metadata.name | }}', pattern: {} } })).toEqual([
      { pointer: '/spec/rules/0/validate/message', message: expect.stringMatching(/^the JMESPath expression `request\.object\.metadata\.name \|` does not parse/) },
    ]);
    expect(mistakes({ match: pods, validate: { foreach: [{ list: 'request.object.spec.containers[', deny: {} }] } })).toEqual([
      { pointer: '/spec/rules/0/validate/foreach/0/list', message: expect.stringContaining('`request.object.spec.containers[` does not parse') },
    ]);
    expect(mistakes({ match: pods, validate: { pattern: { spec: { '=(hostNetwork': false, '+(dnsPolicy)': 'x', '^(containers)': { name: '*' }, 'x(hostPath)': '*' } } } })).toEqual([
      { pointer: '/spec/rules/0/validate/pattern/spec/=(hostNetwork', message: expect.stringContaining('not closed') },
      { pointer: '/spec/rules/0/validate/pattern/spec/+(dnsPolicy)', message: expect.stringContaining('only belongs in a mutate patch') },
      { pointer: '/spec/rules/0/validate/pattern/spec/^(containers)', message: expect.stringContaining('must hold a list') },
      { pointer: '/spec/rules/0/validate/pattern/spec/x(hostPath)', message: expect.stringContaining('is not a Kyverno anchor') },
    ]);
    expect(mistakes({ match: pods, mutate: { patchStrategicMerge: { spec: { '+(dnsPolicy)': 'None' } } } })).toEqual([]);
  });

  it('exactly one way to validate, and one thing per rule', () => {
    expect(mistakes({ match: pods, validate: { message: 'x' } })).toEqual([{ pointer: '/spec/rules/0/validate', message: expect.stringContaining('says nothing to check') }]);
    expect(mistakes({ match: pods, validate: { pattern: {}, deny: {} } })).toEqual([{ pointer: '/spec/rules/0/validate/deny', message: expect.stringContaining('has both `pattern` and `deny`') }]);
    expect(mistakes({ match: pods, validate: { foreach: [{ list: 'request.object.spec.containers' }] } })).toEqual([
      { pointer: '/spec/rules/0/validate/foreach/0', message: expect.stringContaining('says nothing to check') },
    ]);
    expect(mistakes({ match: pods, validate: { pattern: {} }, mutate: { patchStrategicMerge: {} } })).toEqual([{ pointer: '/spec/rules/0/mutate', message: expect.stringContaining('has both `validate` and `mutate`') }]);
    expect(mistakes({ match: pods })).toEqual([{ pointer: '/spec/rules/0', message: expect.stringContaining('the rule does nothing') }]);
  });

  it('wrong types say what to write: a list for kinds, quotes for a message YAML read as a boolean', () => {
    expect(mistakes({ match: { any: [{ resources: { kinds: 'Pod' } }] }, validate: { pattern: {} } })).toEqual([
      { pointer: '/spec/rules/0/match/any/0/resources/kinds', message: 'match.any[0].resources.kinds must be a list (`[Pod]`)' },
    ]);
    expect(mistakes({ match: pods, validate: { message: false, pattern: {} } })).toEqual([
      { pointer: '/spec/rules/0/validate/message', message: expect.stringContaining('put the text in quotes') },
    ]);
    expect(mistakes({ match: pods, validate: { failureAction: 'enforce!', pattern: {} } })).toEqual([
      { pointer: '/spec/rules/0/validate/failureAction', message: 'validate.failureAction is `"enforce!"`, which Kyverno does not accept: write `Enforce`' },
    ]);
  });
});

describe('the spec around the rules', () => {
  const withSpec = (extra: JsonObject): JsonObject => {
    const p = policy({ match: pods, validate: { pattern: {} } });
    return { ...p, spec: { ...(p['spec'] as JsonObject), ...extra } };
  };

  it('a typo of validationFailureAction, or a value Kyverno does not take, would silently audit: it is refused', () => {
    expect(classicPolicyMistakes(withSpec({ validationFailureActon: 'Enforce' }))).toEqual([
      { pointer: '/spec/validationFailureActon', message: 'unknown field `validationFailureActon` in spec: write `validationFailureAction` instead; Kyverno refuses the policy as it is' },
    ]);
    expect(classicPolicyMistakes(withSpec({ validationFailureAction: 'Enforced' }))).toEqual([
      { pointer: '/spec/validationFailureAction', message: 'spec.validationFailureAction is `"Enforced"`, which Kyverno does not accept: write `Enforce`' },
    ]);
    expect(classicPolicyMistakes(withSpec({ validationFailureAction: 'enforce', background: false, failurePolicy: 'Ignore', webhookTimeoutSeconds: 10 }))).toEqual([]);
  });

  it('rules that are not a list', () => {
    const p = policy({});
    expect(classicPolicyMistakes({ ...p, spec: { rules: { name: 'r' } } })).toEqual([{ pointer: '/spec/rules', message: 'spec.rules must be a list' }]);
  });
});

describe('loadPolicies refuses a policy with mistakes, located in its file', () => {
  it('the policy is not loaded; each mistake is one problem with the line and column of its key', () => {
    const text = ['apiVersion: kyverno.io/v1', 'kind: ClusterPolicy', 'metadata: {name: p}', 'spec:', '  rules:', '    - name: r', '      match: {any: [{resources: {kinds: [Pod]}}]}', '      validate:', '        patern: {}', ''].join('\n');
    const parsed = parseManifestText('policies/p.yaml', text);
    const docs = parsed.resources.map((r) => ({ object: r.object, file: 'policies/p.yaml', documentIndex: 0, ranges: r.origin.ranges }));
    const loaded = loadPolicies(docs, 'security');
    expect(loaded.policies).toEqual([]);
    expect(loaded.problems).toEqual([
      { file: 'policies/p.yaml', documentIndex: 0, position: { line: 9, column: 9 }, message: 'ClusterPolicy "p" rule "r": unknown field `patern` in validate: write `pattern` instead; Kyverno refuses the policy as it is' },
    ]);
  });
});

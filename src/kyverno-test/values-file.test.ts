import { describe, expect, it } from 'vitest';
import { parseValues } from './values-file.ts';

describe('Values file', () => {
  const values = parseValues({
    apiVersion: 'cli.kyverno.io/v1alpha1',
    kind: 'Values',
    globalValues: { region: 'eu', 'request.operation': 'CREATE' },
    namespaceSelector: [{ name: 'prod', labels: { env: 'production' } }],
    policies: [
      {
        name: 'p',
        rules: [{ name: 'r', values: { count: '0', region: 'us' } }],
        resources: [{ name: 'bad', values: { 'request.operation': 'UPDATE' } }],
      },
    ],
  });
  it('layers global, rule and resource values', () => {
    expect(values.variablesFor('p', 'r', 'bad')).toEqual({ region: 'us', count: '0', 'request.operation': 'UPDATE' });
    expect(values.variablesFor('p', 'other', 'good')).toEqual({ region: 'eu', 'request.operation': 'CREATE' });
    expect(values.variablesFor('q', 'r', 'bad')).toEqual({ region: 'eu', 'request.operation': 'CREATE' });
  });
  it('collects namespace labels', () => {
    expect(values.namespaceLabels).toEqual({ prod: { env: 'production' } });
  });
});

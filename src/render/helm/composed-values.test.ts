import { describe, expect, it } from 'vitest';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { composedValuesPlace } from './composed-values.ts';
import type { ValuesFile } from './values-refs.ts';

const VALUES = 'db:\n  image:\n    registry: docker.io\n    repository: bitnami/postgresql\n    tag: 16.6.0\n    pullPolicy: IfNotPresent\n  name: postgresql\n  port: 5432\n';
const files: ValuesFile[] = [{ file: 'values.yaml', doc: parseRangedDocuments(VALUES)[0], prefix: ['db'] }];
const line = (rendered: unknown): number | undefined => composedValuesPlace(rendered as never, files)?.range.start.line;

describe('composedValuesPlace', () => {
  it('finds the values object whose scalars make up most of a composed string', () => {
    expect(line('docker.io/bitnami/postgresql:16.6.0')).toBe(2);
    expect(line('bitnami/postgresql:16.6.0')).toBe(2);
  });

  it('explains nothing with one scalar, a small share of the string, or another subchart key', () => {
    expect(line('bitnami/postgresql')).toBeUndefined();
    expect(line('postgresql-5432-and-a-much-longer-suffix-nobody-wrote')).toBeUndefined();
    expect(line({ a: 1 })).toBeUndefined();
    expect(composedValuesPlace('docker.io/bitnami/postgresql:16.6.0', [{ ...files[0]!, prefix: ['other'] }])).toBeUndefined();
  });
});

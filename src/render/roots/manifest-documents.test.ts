import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from './documents.ts';
import { isKubernetesObject } from './kubernetes-object.ts';
import { plainDocumentsAtSight } from './manifest-at-sight.ts';
import { manifestDocuments } from './manifest-documents.ts';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus');

const bundle = [
  '# an install bundle',
  'apiVersion: apiextensions.k8s.io/v1',
  'kind: CustomResourceDefinition',
  'metadata: {name: applications.argoproj.io}',
  'spec:',
  '  group: argoproj.io',
  '---',
  'apiVersion: argoproj.io/v1alpha1',
  'kind: Application',
  'metadata: {name: guestbook}',
  'spec: {source: {path: guestbook}}',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: web}',
  '---',
  'apiVersion: v1',
  'kind: [not, a, word]',
  '',
].join('\n');

describe('manifestDocuments', () => {
  it('parses the Argo CD and Flux objects and the documents it cannot tell, not the plain Kubernetes objects', () => {
    const docs = manifestDocuments('install.yaml', bundle);
    expect(docs.told).toBe(true);
    expect(docs.broken).toBe(false);
    expect(docs.objects.map((o) => o['kind'])).toEqual(['Application', ['not', 'a', 'word']]);
    expect(docs.objects[0]?.['spec']).toEqual({ source: { path: 'guestbook' } });
    // a List is read: its items may be such objects
    const list = manifestDocuments('list.yaml', 'apiVersion: v1\nkind: Service\n---\napiVersion: v1\nkind: List\nitems: [{apiVersion: argoproj.io/v1alpha1, kind: Application}]\n');
    expect(list.objects.map((o) => o['kind'])).toEqual(['List']);
  });

  it('parses the whole file when no document is told at sight, and reports a broken one', () => {
    const gitops = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\n';
    expect(manifestDocuments('app.yaml', gitops)).toEqual({ ...parseDocuments(gitops), told: false });
    expect(manifestDocuments('app.json', '{"apiVersion": "v1", "kind": "Pod"}').objects).toHaveLength(1);
    const broken = manifestDocuments('b.yaml', 'apiVersion: v1\nkind: Service\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nspec: [\n');
    expect(broken).toMatchObject({ told: true, broken: true, objects: [] });
  });

  it('reads a file with column-0 constructs (directives, flow mappings) as a whole', () => {
    const text = '%YAML 1.2\n---\napiVersion: v1\nkind: Service\n---\n{apiVersion: argoproj.io/v1alpha1, kind: Application}\n';
    expect(plainDocumentsAtSight('a.yaml', text)).toEqual([]);
    expect(manifestDocuments('a.yaml', text).objects.map((o) => o['kind'])).toEqual(['Service', 'Application']);
  });

  it.skipIf(!existsSync(CORPUS))('tells at sight only documents that parse alone to a Kubernetes object of that apiVersion and kind, on every YAML file of the corpus', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ya?ml$/i.test(entry.name)) files.push(path);
      }
    };
    walk(CORPUS);
    expect(files.length).toBeGreaterThan(1000);
    let told = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const whole = parseDocuments(text);
      const regions = plainDocumentsAtSight(file, text);
      for (const region of regions.filter((r) => r.told)) {
        told++;
        const alone = parseDocuments(text.slice(region.start, region.end));
        const object = alone.objects[0];
        expect(alone.objects.length, `${file}@${region.start}`).toBe(1);
        expect(object !== undefined && isKubernetesObject(object), `${file}@${region.start}`).toBe(true);
        expect(String(object?.['apiVersion'])).not.toMatch(/argoproj\.io|fluxcd\.io/);
      }
      // what is parsed region by region is what the whole file gives, less the documents told at sight
      if (!whole.broken && regions.some((r) => r.told)) {
        const parsed = manifestDocuments(file, text);
        const toldCount = regions.filter((r) => r.told).length;
        expect(parsed.objects.length + toldCount, file).toBe(whole.objects.length);
      }
    }
    expect(told).toBeGreaterThan(1000);
  });
});

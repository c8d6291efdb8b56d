import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from './documents.ts';
import { holdsKubernetesObjects } from './kubernetes-object.ts';
import { kubernetesAtSight } from './manifest-at-sight.ts';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus');

function yamlFiles(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(path, into);
    else if (/\.ya?ml$/i.test(entry.name)) into.push(path);
  }
  return into;
}

const parsedSays = (text: string): boolean => holdsKubernetesObjects(parseDocuments(text));

describe('kubernetesAtSight', () => {
  it('tells ordinary manifests from their apiVersion and kind lines', () => {
    expect(kubernetesAtSight('a.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n')).toBe(true);
    expect(kubernetesAtSight('a.yml', '# a comment\n---\napiVersion: "v1"   # core\nkind: \'Service\'\nmetadata: {name: web}\n---\napiVersion: v1\nkind: ConfigMap\n')).toBe(true);
  });

  it('leaves to the parser every text it cannot be sure of', () => {
    const unsure: Record<string, string> = {
      json: '{"apiVersion": "v1", "kind": "Pod"}',
      gitops: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\n',
      'a value that goes on': 'apiVersion: v1\nkind: Pod\n  Extra\n',
      'two words': 'apiVersion: v1\nkind: Pod extra\n',
      'a boolean kind': 'apiVersion: v1\nkind: True\n',
      'a block scalar document': '--- |\napiVersion: v1\nkind: Pod\n',
      'a tagged value': 'apiVersion: v1\nkind: !Pod Pod\n',
      'an anchor': 'apiVersion: v1\nkind: &k Pod\n',
      'a duplicate key': 'apiVersion: v1\nkind: Pod\nkind: Weird Thing\n',
      'kind in another document': 'apiVersion: v1\n---\nkind: Pod\n',
      'no kind': 'apiVersion: v1\nmetadata: {}\n',
      'a tool group': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n',
      'a flow mapping at the top': '{\napiVersion: v1,\nkind: Pod\n}\n',
    };
    for (const [name, text] of Object.entries(unsure)) expect(kubernetesAtSight(name === 'json' ? 'a.json' : 'a.yaml', text), name).toBeUndefined();
  });

  it.skipIf(!existsSync(CORPUS))('never says yes where parsing says no, on every YAML file of the corpus', () => {
    const files = yamlFiles(CORPUS);
    expect(files.length).toBeGreaterThan(1000);
    let told = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (kubernetesAtSight(file, text) !== true) continue;
      told++;
      expect(parsedSays(text), file).toBe(true);
    }
    expect(told).toBeGreaterThan(500);
  });
});

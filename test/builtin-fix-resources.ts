/** The resources the built-in policies' own test suites and the fix fixtures hold, for tests of fixing them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../src/core/json.ts';
import { parseManifestText } from '../src/manifest/parse.ts';

const ROOT = join(import.meta.dirname, '..');

export function builtinFixResources(): JsonObject[] {
  const files = [join(ROOT, 'test', 'fixtures', 'builtin-fix', 'workloads.yaml')];
  for (const layer of ['security', 'operations', 'developer']) {
    for (const name of readdirSync(join(ROOT, 'policies', layer))) {
      const dir = join(ROOT, 'policies', layer, name, '.kyverno-test');
      for (const file of readdirSync(dir)) if (file.startsWith('resource')) files.push(join(dir, file));
    }
  }
  return files.flatMap((f) => parseManifestText(f, readFileSync(f, 'utf8')).resources.map((r) => r.object));
}

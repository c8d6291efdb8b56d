import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from './schema.ts';

describe('CONFIG_SCHEMA', () => {
  // validateConfig compiles it without checking it against the meta-schema (start-up time): this test does.
  it('is a valid JSON Schema under strict mode', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    expect(ajv.validateSchema(CONFIG_SCHEMA)).toBe(true);
    expect(() => ajv.compile(CONFIG_SCHEMA)).not.toThrow();
  });
});

describe('the standalone config validator the build writes', () => {
  it('reports exactly what compiling the schema reports, and is refused when made from another schema', async () => {
    const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { mkdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { fromBuild, writeConfigValidator } = await import('./config-validator.ts');
    // inside the package, as dist/ is: the generated code requires ajv's runtime helpers
    const cache = join(import.meta.dirname, '..', '..', 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'preadmit-validator-'));
    try {
      const file = join(dir, 'config-validator.cjs');
      writeConfigValidator(file);
      const built = fromBuild(file);
      expect(built).toBeDefined();
      const compiled = new Ajv({ allErrors: true, strict: true }).compile(CONFIG_SCHEMA);
      const samples: unknown[] = [
        {},
        { failurePolicy: 'fail', layers: { operations: { mode: 'block' } } },
        { reviewComent: false, maxReviewComments: -1, roots: { named: [{ name: '' }] } },
        { allowedRegistries: ['ghcr.io/acme/'], fixes: { defaults: { cpuRequest: 'lots' } } },
        'not a mapping',
      ];
      for (const sample of samples) {
        expect(built!(sample)).toBe(compiled(sample));
        expect(built!.errors ?? null).toEqual(compiled.errors ?? null);
      }
      const stale = readFileSync(file, 'utf8').replace(/schemaDigest = "[0-9a-f]+"/, 'schemaDigest = "0"');
      const staleFile = join(dir, 'stale.cjs');
      writeFileSync(staleFile, stale);
      expect(fromBuild(staleFile)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { compiledConfigValidator } from '../core/package-files.ts';
import { CONFIG_SCHEMA } from './schema.ts';

type AjvModule = typeof import('ajv');
type StandaloneModule = typeof import('ajv/dist/standalone/index.js');

const load = createRequire(import.meta.url);
const OPTIONS = { allErrors: true, strict: true, validateSchema: false } as const;

/** Which schema a compiled validator was generated from. */
export const schemaDigest = (): string => createHash('sha256').update(JSON.stringify(CONFIG_SCHEMA)).digest('hex');

/**
 * Write CONFIG_SCHEMA's validator as standalone JavaScript (npm run build puts it in dist/):
 * the CLI then neither initialises ajv nor compiles the schema on every start (~120 ms).
 */
export function writeConfigValidator(out: string): void {
  const { Ajv } = load('ajv') as AjvModule;
  const standalone = (load('ajv/dist/standalone') as StandaloneModule).default;
  const ajv = new Ajv({ ...OPTIONS, code: { source: true } });
  const code = standalone(ajv, ajv.compile(CONFIG_SCHEMA));
  writeFileSync(out, `${code}\nmodule.exports.schemaDigest = ${JSON.stringify(schemaDigest())};\n`);
}

/** The standalone validator in `file` when it was generated from this CONFIG_SCHEMA. */
export function fromBuild(file: string): ValidateFunction | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const built = load(file) as ValidateFunction & { schemaDigest?: string };
    return built.schemaDigest === schemaDigest() ? built : undefined;
  } catch {
    return undefined;
  }
}

let validator: ValidateFunction | undefined;

/**
 * CONFIG_SCHEMA's validator, once per process: the build's standalone one when it was made
 * from this schema, else compiled here. The schema itself is not checked against JSON
 * Schema's meta-schema at run time (src/config/schema.test.ts does).
 */
export function configValidator(file: string = compiledConfigValidator()): ValidateFunction {
  validator ??= fromBuild(file) ?? new (load('ajv') as AjvModule).Ajv(OPTIONS).compile(CONFIG_SCHEMA);
  return validator;
}

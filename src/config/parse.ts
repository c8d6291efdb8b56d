import { LineCounter, parseDocument } from 'yaml';
import { isObject } from '../core/json.ts';
import { locateKey, position } from './locate-key.ts';
import type { ConfigProblem } from './problems.ts';
import type { ConfigInput } from './types.ts';
import { validateConfig } from './validate.ts';

/** Where a repository keeps its configuration. */
export const CONFIG_PATH = '.github/preadmit.yml';

export type ConfigParse = { ok: true; config: ConfigInput } | { ok: false; problems: ConfigProblem[] };

/**
 * Parse and validate one configuration file's text (defaults not applied: see resolveConfig).
 * An empty file is an empty configuration. Never throws.
 */
export function parseConfigText(text: string, file: string = CONFIG_PATH): ConfigParse {
  const lines = new LineCounter();
  try {
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    if (doc.errors.length > 0) {
      return {
        ok: false,
        problems: doc.errors.map((e) => ({
          file,
          pointer: '',
          range: { start: position(lines, e.pos[0]), end: position(lines, e.pos[1]) },
          message: `Invalid YAML: ${e.message.split('\n')[0] ?? e.message}`,
        })),
      };
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
    if (!isObject(value)) {
      return { ok: false, problems: [{ file, pointer: '', range: locateKey(doc, lines, ''), message: 'The configuration must be a mapping of keys (roots:, policies:, layers: …).' }] };
    }
    const problems = validateConfig(value, doc, lines, file);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, config: value as ConfigInput };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const start = { line: 1, column: 1 };
    return { ok: false, problems: [{ file, pointer: '', range: { start, end: start }, message: `Could not read the configuration: ${reason}` }] };
  }
}

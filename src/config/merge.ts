import { isObject } from '../core/json.ts';
import { DEFAULT_CONFIG } from './defaults.ts';
import type { ConfigInput, PreadmitConfig } from './types.ts';

/**
 * Organisation defaults (`base`) overridden by a repository's file (`override`): mappings merge
 * key by key at every depth, anything else (scalars, arrays) is replaced by the override.
 * `_extends` is not inherited (one level, as Probot does). Neither input is modified.
 */
export function mergeConfig(base: ConfigInput, override: ConfigInput): ConfigInput {
  const merged = mergeValues(base, override) as ConfigInput;
  if (override._extends === undefined) delete merged._extends;
  return merged;
}

/** A complete configuration: DEFAULT_CONFIG with the (validated) input merged over it. */
export function resolveConfig(input: ConfigInput = {}): PreadmitConfig {
  const { _extends: _ignored, ...rest } = input;
  // Sound because the input passed CONFIG_SCHEMA and DEFAULT_CONFIG supplies every required key.
  return mergeValues(DEFAULT_CONFIG, rest) as PreadmitConfig;
}

function mergeValues(base: unknown, override: unknown): unknown {
  if (override === undefined) return structuredClone(base);
  if (!isObject(base) || !isObject(override)) return structuredClone(override);
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(override)])) {
    const value = mergeValues(base[key], override[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

import { mergeConfig, resolveConfig } from './merge.ts';
import { CONFIG_PATH, parseConfigText } from './parse.ts';
import type { ConfigProblem } from './problems.ts';
import type { ConfigInput, PreadmitConfig } from './types.ts';

export type ConfigLoad = { ok: true; config: PreadmitConfig } | { ok: false; problems: ConfigProblem[] };

export interface LoadConfigInput {
  /** The repository's file text; undefined when it has none (defaults apply). */
  text: string | undefined;
  file?: string;
  /** The organisation defaults already read from the `_extends` target, if any. */
  base?: ConfigInput;
}

/**
 * The repository's effective configuration: DEFAULT_CONFIG, then `base`, then its own file.
 * The caller fetches `base` (see parseExtends) because only it can read other repositories.
 */
export function loadConfig(input: LoadConfigInput): ConfigLoad {
  if (input.text === undefined) return { ok: true, config: resolveConfig(input.base ?? {}) };
  const parsed = parseConfigText(input.text, input.file ?? CONFIG_PATH);
  if (!parsed.ok) return parsed;
  const merged = input.base === undefined ? parsed.config : mergeConfig(input.base, parsed.config);
  return { ok: true, config: resolveConfig(merged) };
}

import { isObject, type JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { CONTAINER_LEVEL_CONTROLS, CONTROL_CHECK_IDS, POD_LEVEL_CONTROLS, RESTRICTED_ONLY_CONTROLS } from './controls.ts';
import { parsePolicyVersion } from './version.ts';

export interface PodSecurityExclusion {
  controlName: string;
  images?: string[];
  restrictedField?: string;
  values?: string[];
}

export interface PodSecurityRule {
  level: 'privileged' | 'baseline' | 'restricted';
  /** 'v1.0' … 'v1.37' or 'latest'; absent means latest. */
  version?: string;
  exclude?: PodSecurityExclusion[];
}

const LEVELS = new Set(['privileged', 'baseline', 'restricted']);

function stringList(value: JsonValue | undefined, where: string): Outcome<string[] | undefined> {
  if (value === undefined || value === null) return ok(undefined);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return err(`${where} must be a list of strings`);
  return ok(value as string[]);
}

function parseExclusion(value: JsonValue, index: number, level: string): Outcome<PodSecurityExclusion> {
  const where = `exclude[${index}]`;
  if (!isObject(value)) return err(`${where} must be an object`);
  const controlName = value['controlName'];
  if (typeof controlName !== 'string' || !(controlName in CONTROL_CHECK_IDS)) {
    return err(`${where}.controlName must be one of ${Object.keys(CONTROL_CHECK_IDS).map((n) => `"${n}"`).join(', ')}`);
  }
  const images = stringList(value['images'], `${where}.images`);
  if (!images.ok) return images;
  const values = stringList(value['values'], `${where}.values`);
  if (!values.ok) return values;
  const restrictedField = value['restrictedField'];
  if (restrictedField !== undefined && restrictedField !== null && typeof restrictedField !== 'string') return err(`${where}.restrictedField must be a string`);
  const imageCount = images.value?.length ?? 0;
  if (CONTAINER_LEVEL_CONTROLS.has(controlName) && imageCount === 0) return err(`${where}: exclude.images must be specified for the container level control "${controlName}"`);
  if (POD_LEVEL_CONTROLS.has(controlName) && imageCount > 0) return err(`${where}: exclude.images must not be specified for the pod level control "${controlName}"`);
  const field = typeof restrictedField === 'string' ? restrictedField : '';
  const valueCount = values.value?.length ?? 0;
  if (field !== '' && valueCount === 0) return err(`${where}.values is required when restrictedField is set`);
  if (field === '' && valueCount > 0) return err(`${where}.restrictedField is required when values are set`);
  if (level === 'baseline' && RESTRICTED_ONLY_CONTROLS.has(controlName)) return err(`${where}: control "${controlName}" belongs to the restricted level, not baseline`);
  const exclusion: PodSecurityExclusion = { controlName };
  if (images.value) exclusion.images = images.value;
  if (field !== '') exclusion.restrictedField = field;
  if (values.value) exclusion.values = values.value;
  return ok(exclusion);
}

/** Read and validate a validate.podSecurity block. */
export function parsePodSecurityRule(value: JsonValue): Outcome<PodSecurityRule> {
  if (!isObject(value)) return err('podSecurity must be an object with a level');
  const level = value['level'];
  if (typeof level !== 'string' || !LEVELS.has(level)) return err('podSecurity.level must be one of "privileged", "baseline", "restricted"');
  const version = value['version'];
  if (version !== undefined && version !== null && typeof version !== 'string') return err('podSecurity.version must be a string');
  if (typeof version === 'string') {
    const parsed = parsePolicyVersion(version);
    if (!parsed.ok) return err(`podSecurity.${parsed.error}`);
  }
  const rule: PodSecurityRule = { level: level as PodSecurityRule['level'] };
  if (typeof version === 'string' && version !== '') rule.version = version;
  const exclude = value['exclude'];
  if (exclude !== undefined && exclude !== null) {
    if (!Array.isArray(exclude)) return err('podSecurity.exclude must be a list');
    const parsed: PodSecurityExclusion[] = [];
    for (const [i, item] of exclude.entries()) {
      const one = parseExclusion(item, i, level);
      if (!one.ok) return err(`podSecurity.${one.error}`);
      parsed.push(one.value);
    }
    rule.exclude = parsed;
  }
  return ok(rule);
}

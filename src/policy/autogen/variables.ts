import type { JsonValue } from '../../core/json.ts';

export type AutogenTarget = 'pod-controllers' | 'cronjob';

const POD_CONTROLLER_REPLACEMENTS: readonly (readonly [string, string])[] = [
  ['request.object.spec', 'request.object.spec.template.spec'],
  ['request.oldObject.spec', 'request.oldObject.spec.template.spec'],
  ['request.object.metadata', 'request.object.spec.template.metadata'],
  ['request.oldObject.metadata', 'request.oldObject.spec.template.metadata'],
];
const POD_CONTROLLER_CEL_REPLACEMENTS: readonly (readonly [string, string])[] = [
  ['object.spec', 'object.spec.template.spec'],
  ['oldObject.spec', 'oldObject.spec.template.spec'],
  ['object.metadata', 'object.spec.template.metadata'],
  ['oldObject.metadata', 'oldObject.spec.template.metadata'],
];
const CRONJOB_REPLACEMENTS: readonly (readonly [string, string])[] = [
  ['request.object.spec', 'request.object.spec.jobTemplate.spec.template.spec'],
  ['request.oldObject.spec', 'request.oldObject.spec.jobTemplate.spec.template.spec'],
  ['request.object.metadata', 'request.object.spec.jobTemplate.spec.template.metadata'],
  ['request.oldObject.metadata', 'request.oldObject.spec.jobTemplate.spec.template.metadata'],
];
const CRONJOB_CEL_REPLACEMENTS: readonly (readonly [string, string])[] = [
  ['object.spec', 'object.spec.jobTemplate.spec.template.spec'],
  ['oldObject.spec', 'oldObject.spec.jobTemplate.spec.template.spec'],
  ['object.metadata', 'object.spec.jobTemplate.spec.template.metadata'],
  ['oldObject.metadata', 'oldObject.spec.jobTemplate.spec.template.metadata'],
];

function replacementsFor(target: AutogenTarget, cel: boolean): readonly (readonly [string, string])[] {
  if (target === 'pod-controllers') return cel ? POD_CONTROLLER_CEL_REPLACEMENTS : POD_CONTROLLER_REPLACEMENTS;
  return cel ? CRONJOB_CEL_REPLACEMENTS : CRONJOB_REPLACEMENTS;
}

function replaceText(value: string, replacements: readonly (readonly [string, string])[]): string {
  let out = value;
  for (const [from, to] of replacements) out = out.split(from).join(to);
  return out;
}

/**
 * Kyverno's textual rewrite of a generated rule (updateFields): every string and key of the
 * rule has `request.object.spec` -> `request.object.spec.template.spec`,
 * `request.object.metadata` -> `request.object.spec.template.metadata` (and the same for
 * `oldObject`; `spec.jobTemplate.spec.template` for CronJob). Rules with `validate.cel`
 * use the CEL forms (`object.spec` …), which also cover `request.object.spec`.
 */
export function shiftReferences(value: JsonValue, target: AutogenTarget, cel: boolean): JsonValue {
  const replacements = replacementsFor(target, cel);
  const walk = (v: JsonValue): JsonValue => {
    if (typeof v === 'string') return replaceText(v, replacements);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, JsonValue> = {};
      for (const [k, child] of Object.entries(v)) out[replaceText(k, replacements)] = walk(child);
      return out;
    }
    return v;
  };
  return walk(value);
}

const REFERENCE = /(^|[^\\])\$\(.[^ ]*\)/g;

/**
 * Kyverno's FindAndShiftReferences for messages: `$(./…pattern/…)` references get the
 * template path inserted after the pivot (`pattern`, `anyPattern/<i>` …).
 */
export function shiftMessageReferences(message: string, shift: string, pivot: string): string {
  return message.replace(REFERENCE, (whole, lead: string) => {
    const reference = whole.slice(lead.length);
    const index = reference.indexOf(pivot);
    if (index < 0) return whole;
    let fullPivot = pivot;
    if (pivot === 'anyPattern') {
      const ruleIndex = reference.slice(index + pivot.length + 1).split('/')[0] ?? '';
      fullPivot = `${pivot}/${ruleIndex}`;
    }
    return lead + reference.split(fullPivot).join(`${fullPivot}/${shift}`);
  });
}

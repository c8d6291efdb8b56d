import { isObject, type JsonValue } from '../../core/json.ts';

/**
 * Whether helm takes a chart's dependencies from its requirements.yaml (`requirements`, the
 * file's content) rather than Chart.yaml (`chart`): helm reads requirements.yaml whatever the
 * apiVersion (a v2 chart's with a warning), after Chart.yaml, so its list takes Chart.yaml's
 * place when it has one, and always in an apiVersion v1 chart.
 */
export function takesRequirementsList(chart: JsonValue | undefined, requirements: JsonValue | undefined): boolean {
  if (requirements === undefined) return false;
  const apiVersion = isObject(chart) ? chart['apiVersion'] : undefined;
  return apiVersion !== 'v2' || (isObject(requirements) && Array.isArray(requirements['dependencies']));
}

import { fromPointer } from '../../core/json.ts';
import { valuesSource, type ValuesFile } from './values-refs.ts';

/** helm's schema report: the chart's name on a line of its own, then `- at '/pointer': why` per violation. */
const HEADER = /values don't meet the specifications of the schema\(s\)/;

/**
 * Where a value the chart's values.schema.json refuses is set, as a `file:line:column` for the
 * error's prefix: the first violation helm lists for the chart itself (`chartName:` then
 * `- at '/image/tag': got number, want string`), in the last of `values` (chart values.yaml
 * first, then the user's files, in helm's order of precedence) that sets that value.
 * undefined when the error is no schema report, names no value of this chart, or no file sets it
 * (a required value that is missing altogether).
 */
export function schemaErrorPlace(error: string, chartName: string, values: readonly ValuesFile[]): string | undefined {
  if (!HEADER.test(error)) return undefined;
  let inChart = false;
  for (const line of error.split('\n')) {
    const header = /^(\S[^:]*):\s*$/.exec(line);
    if (header) {
      inChart = header[1] === chartName;
      continue;
    }
    const violation = /^\s*-\s*at '([^']*)'/.exec(line);
    if (!inChart || !violation || violation[1] === '' || violation[1] === undefined) continue;
    const place = valuesSource(values, fromPointer(violation[1]));
    return place ? `${place.file}:${place.range.start.line}:${place.range.start.column}` : undefined;
  }
  return undefined;
}

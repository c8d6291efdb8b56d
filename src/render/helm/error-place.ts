import { isObject } from '../../core/json.ts';
import type { DependencyList } from './disabled-dependencies.ts';

/**
 * Where in the repository helm's error points, as a `file:line:column: ` prefix for the error
 * (render errors are reported where their message's prefix says: see renderErrorFinding):
 *
 * - a dependency missing from charts/: its entry in Chart.yaml (requirements.yaml for a v1 chart);
 * - a template that failed (`execution error at (chart/templates/x.yaml:44:23)`, `parse error at
 *   (chart/templates/x.yaml:7)`): that line of the template, the chart's name standing for its directory.
 *
 * `chartRel`: the chart's directory, tree-relative ('.' for the tree itself); `chart`: the file listing its dependencies, as read;
 * `inRepository`: the repository's path of a chart-relative path that lies elsewhere (a local file:// dependency placed in charts/).
 */
export function helmErrorPlace(
  error: string,
  chartRel: string,
  chartName: string,
  chart: DependencyList,
  inRepository: (inChart: string) => string | undefined = () => undefined,
): string | undefined {
  const prefix = chartRel === '.' ? '' : `${chartRel}/`;
  const missing = /missing in charts\/ directory: ([^\n]+)/.exec(error)?.[1];
  if (missing !== undefined) {
    const names = missing.split(',').map((name) => name.trim());
    const dependencies = chart.value['dependencies'];
    const index = Array.isArray(dependencies) ? dependencies.findIndex((d) => isObject(d) && names.includes(String(d['name']))) : -1;
    const range = index < 0 ? undefined : chart.ranges.get(`/dependencies/${index}`);
    if (range) return `${prefix}${chart.file}:${range.start.line}:${range.start.column}`;
  }
  const template = /\b(?:execution|parse) error at \(([^():\s]+):(\d+)(?::(\d+))?\)/.exec(error);
  if (template) {
    const [, path = '', line = '1', column = '1'] = template;
    const [first, ...rest] = path.split('/');
    if (first === chartName && rest.length > 0 && !rest.includes('..')) return `${inRepository(rest.join('/')) ?? prefix + rest.join('/')}:${line}:${column}`;
  }
  return undefined;
}

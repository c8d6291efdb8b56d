import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export interface ChartFiles {
  /** Chart directories (relative to the root, '/'-separated) whose files were left out. */
  charts: string[];
  /** The absolute paths left out: every file of a chart but its crds/. */
  skipped: Set<string>;
}

/**
 * The files of Helm charts among `files` (absolute paths under `root`). Read as plain
 * manifests, templates are not YAML and Chart.yaml / values files are not Kubernetes objects,
 * so --no-render leaves a chart out (its crds/ are plain manifests and stay).
 */
export function chartFilesIn(root: string, files: readonly string[]): ChartFiles {
  const isChart = new Map<string, boolean>();
  const chartDir = (dir: string): boolean => {
    let known = isChart.get(dir);
    if (known === undefined) {
      known = existsSync(join(dir, 'Chart.yaml'));
      isChart.set(dir, known);
    }
    return known;
  };
  const charts = new Set<string>();
  const skipped = new Set<string>();
  for (const file of files) {
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const rel = relative(root, dir);
      if (rel.startsWith('..')) break;
      if (chartDir(dir)) {
        if (relative(dir, file).split(sep)[0] !== 'crds') {
          skipped.add(file);
          charts.add(rel.split(sep).join('/') || '.');
        }
        break;
      }
      if (rel === '') break;
    }
  }
  return { charts: [...charts].sort(), skipped };
}

export function helmChartNote(charts: readonly string[]): string {
  const named = charts.length === 1 ? `the Helm chart ${charts[0]}` : `${charts.length} Helm charts (${charts.join(', ')})`;
  return `note: --no-render leaves out ${named}: templates are not plain manifests; check without --no-render to render and check them.`;
}

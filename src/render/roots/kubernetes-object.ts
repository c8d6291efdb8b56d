import type { JsonObject } from '../../core/json.ts';
import { missingApiVersion } from '../../manifest/missing-api-version.ts';
import type { FileDocuments } from './documents.ts';

/** Built-in API groups whose names carry no dot. */
const DOTLESS_GROUPS = new Set(['apps', 'batch', 'policy', 'autoscaling', 'extensions']);

/** Groups of tool configuration that looks like Kubernetes but is never applied to a cluster. */
const TOOL_GROUPS = new Set([
  'kustomize.config.k8s.io',
  'cli.kyverno.io',
  'chainsaw.kyverno.io',
  'config.kubernetes.io',
  'kpt.dev',
]);

const API_VERSION = /^(?:([a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*)\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Whether apiVersion/kind name a Kubernetes object: a version like v1, v2beta1, with either
 * no group (core), a built-in dotless group (apps, batch …) or a DNS group with a dot
 * (networking.k8s.io, argoproj.io). So `skaffold/v3` Config, Chart.yaml (no kind),
 * kustomization files and Kyverno CLI tests are not.
 */
export function isKubernetesTypeMeta(apiVersion: string, kind: string): boolean {
  const match = API_VERSION.exec(apiVersion);
  if (!match || !KIND.test(kind)) return false;
  const group = match[1];
  if (group === undefined) return true;
  if (TOOL_GROUPS.has(group)) return false;
  return group.includes('.') || DOTLESS_GROUPS.has(group);
}

export function isKubernetesObject(object: JsonObject): boolean {
  const { apiVersion, kind } = object;
  return typeof apiVersion === 'string' && typeof kind === 'string' && isKubernetesTypeMeta(apiVersion, kind);
}

/**
 * A file holds Kubernetes objects when one of its documents is one. A file whose YAML does
 * not parse counts when its text has top-level apiVersion and kind lines that look right,
 * so the renderer reports the syntax error instead of the file being silently skipped.
 */
export function holdsKubernetesObjects(docs: FileDocuments): boolean {
  // A kind and metadata without apiVersion is a Kubernetes object written wrong: checked, so it is reported.
  if (docs.objects.some((o) => isKubernetesObject(o) || missingApiVersion(o) !== undefined)) return true;
  if (!docs.broken) return false;
  const apiVersion = /^apiVersion:\s*["']?([^\s"'#]+)/m.exec(docs.text)?.[1];
  const kind = /^kind:\s*["']?([^\s"'#]+)/m.exec(docs.text)?.[1];
  return apiVersion !== undefined && kind !== undefined && isKubernetesTypeMeta(apiVersion, kind);
}

import type { JsonObject } from '../core/json.ts';
import type { Outcome } from '../core/outcome.ts';
import type { JsonPatchOperation } from '../engine/types.ts';
import type { ManifestOrigin, Range } from '../manifest/types.ts';
import type { TempTree } from './temp-tree.ts';
import type { ToolOptions } from './tools.ts';

export type RendererName = 'plain' | 'kustomize' | 'helm';

/**
 * Something that renders to Kubernetes resources: a plain manifest file, a
 * directory with a kustomization, or a Helm chart directory.
 * `path` is relative to the tree directory given to `renderRoot` ('.' for the
 * tree itself); `valuesFiles` (Helm only) are relative to the tree too.
 */
export interface RenderRoot {
  path: string;
  renderer: RendererName;
  valuesFiles?: string[];
}

/** A place in a file a person edits (path relative to the tree directory). */
export interface FieldSource {
  file: string;
  range: Range;
  /** The place stands for the whole resource (where the source configures it), not for a line of its own. */
  wholeResource?: true;
}

/**
 * A change of a rendered resource written where the changed field is defined: one RFC 6902
 * operation on one document of a source file (`documentIndex` counts every document of the
 * YAML stream, empty ones included). The path may go through mappings the document does
 * not have yet; whoever applies it creates them.
 */
export interface SourceOperation {
  file: string;
  documentIndex: number;
  op: JsonPatchOperation;
}

/** One resource as it will be applied, with a way back to its sources. */
export interface RenderedResource {
  object: JsonObject;
  /** Root path this resource was rendered from. */
  root: string;
  /** Origin in the rendered output text (file is a synthetic name, e.g. `base (kustomize build)`). */
  origin: ManifestOrigin;
  /** The file and range a person edits to change the field at `pointer` (JSON pointer into `object`). */
  sourceOf(pointer: string): FieldSource | undefined;
  /**
   * Where an operation on `object` must be written so that this root renders the change,
   * without writing a value another root or an overlay owns; an error saying why (and where
   * the value comes from) when no source edit expresses it. Absent: no source edit at all.
   */
  sourceOperation?(op: JsonPatchOperation): Outcome<SourceOperation>;
}

export type RenderResult =
  | {
      root: RenderRoot;
      resources: RenderedResource[];
      /** Parts of the root not rendered, each said as a render error would be (`file:line:column: …`): the rest was rendered and is checked. */
      omitted?: string[];
    }
  | { root: RenderRoot; error: string };

export interface RenderOptions {
  tools?: ToolOptions;
  /** Per-run limit of a renderer process; default 60 s. */
  timeoutMs?: number;
  /** Limit on a renderer's standard output; default 64 MiB. */
  maxOutputBytes?: number;
  /** Limit on a renderer's resident memory; default 1 GiB (run-tool.ts). */
  maxMemoryBytes?: number;
  /** Aborted: renderers not yet started are refused and running ones killed (the check was stopped). */
  signal?: AbortSignal;
  /** Let kustomize fetch remote bases/resources (URLs, git). Default false: refused before running. */
  allowRemoteResources?: boolean;
  /** Helm release name; default `release-name` (what `helm template` uses when none is given). */
  helmReleaseName?: string;
  /** Helm release namespace (`--namespace`); default none (helm's `default`). */
  helmNamespace?: string;
  /** `.Capabilities.KubeVersion` for Helm (`--kube-version`); default helm's own. */
  helmKubeVersion?: string;
  /** Extra `.Capabilities.APIVersions` for Helm (`--api-versions`). */
  helmApiVersions?: string[];
  /** Kustomize `helmCharts:` inflation (--enable-helm with preadmit's helm); charts are never fetched. Default false. */
  kustomizeHelmCharts?: boolean;
  /** Kustomize `--load-restrictor LoadRestrictionsNone`. Default false (each kustomization reads only below itself). */
  kustomizeLoadRestrictorNone?: boolean;
  /** `key=value` overrides for every Helm root (`helm template --set`; the CLI's --set). */
  helmSet?: string[];
  /**
   * Tree-relative paths a render copies when its renderer cannot tell what the build reads
   * (default: the whole tree). Outside a repository the tree is the directory the command ran
   * in, and these are the paths root discovery looked at.
   */
  copyWithin?: readonly string[];
}

/**
 * A renderer implementation. With `needsCopy`, `temp.tree` is a private copy
 * of the tree it may freely modify and `temp.home` an empty directory for its
 * tool; without, `temp.tree` is the caller's tree (read only) and there is no home.
 */
export interface Renderer {
  needsCopy: boolean;
  /** Tree-relative paths the renderer needs in its copy of the tree at `treeDir`; undefined: the whole tree. */
  copyPaths?(root: RenderRoot, treeDir: string): string[] | undefined | Promise<string[] | undefined>;
  render(root: RenderRoot, temp: TempTree, options: RenderOptions): Promise<RenderResult>;
}

export function isRenderError(result: RenderResult): result is { root: RenderRoot; error: string } {
  return 'error' in result;
}

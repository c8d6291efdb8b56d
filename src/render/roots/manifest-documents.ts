import { appendAll } from '../../core/append-all.ts';
import { parseDocuments, type FileDocuments } from './documents.ts';
import { plainDocumentsAtSight } from './manifest-at-sight.ts';

/** What root discovery reads of a manifest file; `told`: one of its documents was told at sight as a Kubernetes object. */
export interface ManifestDocuments extends FileDocuments {
  told: boolean;
}

/**
 * The documents of a manifest file that root discovery must see parsed: the objects that may
 * name further roots (Argo CD, Flux) and any document not told at sight. Documents told at sight
 * as Kubernetes objects of other groups are not parsed (an install bundle's CustomResourceDefinitions
 * make most of its text): they name no roots, and the check parses the file anyway.
 */
export function manifestDocuments(path: string, text: string): ManifestDocuments {
  const regions = plainDocumentsAtSight(path, text);
  if (!regions.some((region) => region.told)) return { ...parseDocuments(text), told: false };
  const result: ManifestDocuments = { objects: [], broken: false, text, told: true };
  for (const region of regions) {
    if (region.told) continue;
    const docs = parseDocuments(text.slice(region.start, region.end));
    appendAll(result.objects, docs.objects);
    if (docs.broken) result.broken = true;
  }
  return result;
}

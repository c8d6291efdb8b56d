import { isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { anchorKey, parseAnchor } from '../anchors.ts';
import { hasWildcard, wildcardMatch } from '../wildcard.ts';

/**
 * Kyverno's ExpandInMetadata: in a pattern map holding `metadata`, a label or annotation key with
 * wildcards (`app.kubernetes.io/*`, or anchored `=(team-*)`) is replaced by the first resource
 * key it matches, so the value is checked against that label. A key matching nothing stays as
 * written (and so is looked up literally). Returns a new pattern map; the input is not changed.
 */
export function expandMetadataWildcards(pattern: JsonObject, resource: JsonObject): JsonObject {
  const metadataKey = findTag('metadata', pattern);
  if (metadataKey === undefined) return pattern;
  const patternMetadata = pattern[metadataKey];
  const resourceMetadata = resource['metadata'];
  if (!isObject(patternMetadata) || !isObject(resourceMetadata)) return pattern;
  let metadata = patternMetadata;
  for (const tag of ['labels', 'annotations']) {
    const tagKey = findTag(tag, metadata);
    const patternTags = tagKey === undefined ? undefined : metadata[tagKey];
    const resourceTags = resourceMetadata[tag];
    if (tagKey === undefined || !isObject(patternTags) || !isObject(resourceTags)) continue;
    metadata = { ...metadata, [tagKey]: expandKeys(patternTags, Object.keys(resourceTags)) };
  }
  return metadata === patternMetadata ? pattern : { ...pattern, [metadataKey]: metadata };
}

function findTag(tag: string, map: JsonObject): string | undefined {
  return Object.keys(map).find((key) => key === tag || parseAnchor(key)?.key === tag);
}

function expandKeys(patternTags: JsonObject, resourceKeys: string[]): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(patternTags)) {
    if (!hasWildcard(key)) {
      result[key] = value as JsonValue;
      continue;
    }
    const anchor = parseAnchor(key);
    const bare = anchor?.key ?? key;
    const match = resourceKeys.find((candidate) => wildcardMatch(bare, candidate)) ?? bare;
    result[anchor === undefined ? match : anchorKey({ ...anchor, key: match })] = value as JsonValue;
  }
  return result;
}

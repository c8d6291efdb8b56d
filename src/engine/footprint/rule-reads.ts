import { fromPointer, isArray, isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import type { Rule } from '../../policy/types.ts';
import { parseAnchor } from '../anchors.ts';
import { podPointerOf } from '../pod-template.ts';
import { at, consume, CONST, eitherOf, top, type Abstract } from './abstract-value.ts';
import { expressionValue } from './expression-reads.ts';
import { FootprintBuilder, type Footprint, type Path } from './footprint.ts';
import { messageReads, templatesIn, templateValue } from './template-reads.ts';
import { parseAnchor as parseOverlayAnchor, isAddIfNotPresent, isConditional } from '../mutate/anchor-key.ts';
import type { DeclaredFix } from '../../policy/types.ts';

/**
 * Reads of a rule evaluated on a resource of one kind; with `message` set, also what the
 * result's message reads (the rule's validate.message, substituted where a failure is).
 */
class Reads extends FootprintBuilder {
  constructor(
    readonly kind: string,
    readonly message?: string,
  ) {
    super();
  }
}

/** The variables in scope: name -> what it holds. */
type Bindings = ReadonlyMap<string, Abstract>;

const scopeOf = (bindings: Bindings): Abstract => ({ k: 'scope', bindings });

/** The scope buildScope makes: `request`, `images` (computed from the Pod spec) and constants. */
const BASE_BINDINGS: Bindings = new Map<string, Abstract>([
  ['request', { k: 'request' }],
  ['images', top('the images variable is computed from the containers')],
]);

function bind(bindings: Bindings, entries: readonly [string, Abstract][]): Bindings {
  const next = new Map(bindings);
  for (const [name, value] of entries) next.set(name, value);
  return next;
}

/** A JSON value as substitution leaves it: one variable keeps its value, anything else is built from all of them. */
function substitutedValue(value: JsonValue | undefined, bindings: Bindings, reads: FootprintBuilder): Abstract {
  if (typeof value === 'string') return templateValue(value, scopeOf(bindings), reads);
  return templatesIn(value, scopeOf(bindings), reads);
}

/**
 * A jmesPath built from variables: what it reads is known only once substituted. Its
 * variables are read; without a default its failure is the rule's error, so the rule may
 * read anything; with one, only its value is unknown (which reads anything once used).
 */
function builtExpression(jmesPath: string, variable: JsonObject, bindings: Bindings, reads: FootprintBuilder): Abstract {
  consume(templatesIn(jmesPath, scopeOf(bindings), reads), reads);
  if (variable['default'] === undefined) reads.everything('a context jmesPath built from variables, without a default');
  return top('a context jmesPath built from variables');
}

/** A context `variable` entry (see variableEntry). */
function variableValue(variable: JsonObject, bindings: Bindings, reads: FootprintBuilder): Abstract {
  const scope = scopeOf(bindings);
  let value: Abstract = CONST;
  const jmesPath = variable['jmesPath'];
  if ('value' in variable) {
    value = substitutedValue(variable['value'] ?? null, bindings, reads);
    if (typeof jmesPath === 'string' && jmesPath !== '') {
      value = jmesPath.includes('{{') ? builtExpression(jmesPath, variable, bindings, reads) : expressionValue(jmesPath, value, reads);
    }
  } else if (typeof jmesPath === 'string') {
    value = jmesPath.includes('{{') ? builtExpression(jmesPath, variable, bindings, reads) : expressionValue(jmesPath, scope, reads);
  }
  if (variable['default'] === undefined) return value;
  return eitherOf([value, substitutedValue(variable['default'], bindings, reads)], reads);
}

/** A rule's or foreach entry's `context`, loaded in order (see loadContext). */
function contextReads(entries: JsonValue | undefined, bindings: Bindings, reads: FootprintBuilder): Bindings {
  if (!isArray(entries)) return bindings;
  let current = bindings;
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry['name'] !== 'string') continue;
    const name = entry['name'];
    if (name.includes('.') || name.includes('"')) {
      reads.everything('a context entry with a dotted name');
      return current;
    }
    const value = isObject(entry['variable'])
      ? variableValue(entry['variable'], current, reads)
      : templatesIn(entry, scopeOf(current), reads, ['name']);
    current = bind(current, [[name, value]]);
  }
  return current;
}

/** Conditions (preconditions, deny): every key and value is used whole; messages do not decide. */
function conditionReads(conditions: JsonValue | undefined, bindings: Bindings, reads: FootprintBuilder): void {
  consume(templatesIn(conditions, scopeOf(bindings), reads, ['message']), reads);
}

/**
 * A pattern walked against the resource at `base` (see validateElement): each key of a map
 * is a place the rule goes through, a scalar (or a variable) is compared with what is
 * there, a list pattern applies to every element. Keys with wildcards or variables make the
 * whole map read.
 */
function patternReads(pattern: JsonValue, base: Path, bindings: Bindings, reads: FootprintBuilder): void {
  reads.nav(base);
  if (typeof pattern === 'string') {
    consume(templateValue(pattern, scopeOf(bindings), reads), reads);
    reads.whole(base);
    return;
  }
  if (isArray(pattern)) {
    for (const item of pattern) patternReads(item, [...base, null], bindings, reads);
    return;
  }
  if (!isObject(pattern)) {
    reads.whole(base);
    return;
  }
  for (const [key, value] of Object.entries(pattern)) {
    if (key.includes('{{')) {
      consume(templateValue(key, scopeOf(bindings), reads), reads);
      reads.whole(base);
      continue;
    }
    const name = parseAnchor(key)?.key ?? key;
    if (name.includes('*') || name.includes('?')) {
      reads.whole(base);
      consume(templatesIn(value, scopeOf(bindings), reads), reads);
      continue;
    }
    patternReads(value, [...base, name], bindings, reads);
  }
}

/** A pattern checked against a value: structurally when it is one place of the resource, else whole. */
function patternOn(pattern: JsonValue, target: Abstract, bindings: Bindings, reads: FootprintBuilder): void {
  if (target.k === 'paths' && !target.opaque && target.depth === 0) {
    for (const base of target.paths) patternReads(pattern, base, bindings, reads);
    return;
  }
  consume(target, reads);
  consume(templatesIn(pattern, scopeOf(bindings), reads), reads);
}

/** The elements a foreach `list` gives: a list's elements, or the value itself when it is not a list. */
function elementsOf(list: Abstract, reads: FootprintBuilder): Abstract {
  if (list.k !== 'paths' || list.opaque) return list.k === 'scope' || list.k === 'request' ? top('a foreach over the scope') : list;
  if (list.depth > 0) return at(list.paths, list.depth - 1);
  const items = list.paths.map((p) => [...p, null]);
  for (const p of items) reads.nav(p);
  return at([...list.paths, ...items]);
}

/**
 * A foreach entry's list and the bindings its body sees (element, elementIndex and their
 * depth-numbered names, then its context); 'everything' when the list is built from variables
 * (not analysed), undefined when it has no list.
 */
function foreachEntry(entry: JsonObject, bindings: Bindings, depth: number, reads: FootprintBuilder): { element: Abstract; scoped: Bindings } | 'everything' | undefined {
  const list = entry['list'];
  if (typeof list !== 'string') return undefined;
  if (list.includes('{{')) {
    reads.everything('a foreach list built from variables');
    return 'everything';
  }
  const element = elementsOf(expressionValue(list, scopeOf(bindings), reads), reads);
  const scoped = bind(bindings, [
    ['element', element],
    [`element${depth}`, element],
    ['elementIndex', CONST],
    [`elementIndex${depth}`, CONST],
  ]);
  return { element, scoped: contextReads(entry['context'], scoped, reads) };
}

function foreachReads(foreach: JsonValue | undefined, target: Abstract, bindings: Bindings, depth: number, reads: Reads): void {
  if (!isArray(foreach)) return;
  for (const entry of foreach) {
    if (!isObject(entry)) continue;
    const bound = foreachEntry(entry, bindings, depth, reads);
    if (bound === 'everything') return;
    if (bound === undefined) continue;
    const { element, scoped } = bound;
    if (reads.message !== undefined) messageReads(reads.message, scopeOf(scoped), reads);
    if (entry['preconditions'] !== undefined) conditionReads(entry['preconditions'], scoped, reads);
    bodyReads(entry, entry['elementScope'] !== false ? element : at([[]]), scoped, depth, reads);
  }
}

/** What the Pod Security checks read of a Pod's spec and of each of its containers (see podsecurity/checks-*). */
const POD_SPEC_FIELDS = ['securityContext', 'hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'volumes', 'os'];
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const CONTAINER_FIELDS = ['name', 'image', 'securityContext', 'ports', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'];

/**
 * validate.podSecurity: the kind picks the Pod (see podView); the checks read the Pod's
 * annotations and the fields above of its spec and containers, exclusions its name and
 * namespace (and, restricting a field, possibly any of the spec).
 */
function podSecurityReads(block: JsonValue, kind: string, reads: FootprintBuilder): void {
  reads.whole(['kind']);
  const pointer = podPointerOf(kind);
  if (pointer === undefined) return;
  const prefix = fromPointer(pointer);
  for (let i = 0; i <= prefix.length; i++) reads.nav(prefix.slice(0, i));
  reads.nav([...prefix, 'metadata']);
  for (const key of ['annotations', 'name', 'namespace']) reads.whole([...prefix, 'metadata', key]);
  const spec = [...prefix, 'spec'];
  if (isObject(block) && block['exclude'] !== undefined) {
    reads.whole(spec);
    return;
  }
  reads.nav(spec);
  for (const field of POD_SPEC_FIELDS) reads.whole([...spec, field]);
  for (const list of CONTAINER_LISTS) {
    reads.nav([...spec, list]);
    reads.nav([...spec, list, null]);
    for (const field of CONTAINER_FIELDS) reads.whole([...spec, list, null, field]);
  }
}

/** A validate block or foreach entry (see checkValidateBody). */
function bodyReads(body: JsonObject, target: Abstract, bindings: Bindings, depth: number, reads: Reads): void {
  if (body['pattern'] !== undefined) return patternOn(body['pattern'], target, bindings, reads);
  if (body['anyPattern'] !== undefined) {
    const patterns = body['anyPattern'];
    if (isArray(patterns)) for (const p of patterns) patternOn(p, target, bindings, reads);
    return;
  }
  if (body['deny'] !== undefined) {
    const deny = body['deny'];
    return conditionReads(isObject(deny) ? deny['conditions'] : undefined, bindings, reads);
  }
  if (body['foreach'] !== undefined) return foreachReads(body['foreach'], target, bindings, depth + 1, reads);
  if (body['podSecurity'] !== undefined) return podSecurityReads(body['podSecurity'], reads.kind, reads);
  reads.everything('a validate body preadmit does not analyse');
}

/** Does a key occur anywhere in a JSON value? */
function hasKey(value: JsonValue | undefined, key: string): boolean {
  if (isArray(value)) return value.some((v) => hasKey(v, key));
  if (!isObject(value)) return false;
  return Object.entries(value).some(([k, v]) => k === key || hasKey(v, key));
}

/**
 * What selecting the resource reads (see matchRule and descriptionFailures): kind and
 * apiVersion, name, generateName and namespace; annotations and labels only for the
 * filters that select by them.
 */
function selectionReads(rule: JsonObject, reads: FootprintBuilder): void {
  for (const path of [['kind'], ['apiVersion'], ['metadata', 'name'], ['metadata', 'generateName'], ['metadata', 'namespace']]) reads.whole(path);
  reads.nav([]);
  reads.nav(['metadata']);
  const blocks = [rule['match'], rule['exclude']];
  if (blocks.some((b) => hasKey(b, 'annotations'))) reads.whole(['metadata', 'annotations']);
  if (blocks.some((b) => hasKey(b, 'selector'))) reads.whole(['metadata', 'labels']);
}

/**
 * Where a strategic-merge overlay lands in the resource (see preprocessOverlay, mergeValue
 * and jsonDiff): each key of a map is a place gone through; a scalar, a list or a map with
 * directives replaces or merges what is there, which is then compared whole; a
 * conditional anchor checks the value under it. `+(key)` adds only where the key is absent.
 */
function overlayReads(overlay: JsonValue, path: Path, reads: FootprintBuilder): void {
  reads.nav(path);
  if (!isObject(overlay) || Object.keys(overlay).some((k) => k.startsWith('$'))) {
    reads.whole(path);
    return;
  }
  for (const [key, value] of Object.entries(overlay)) {
    const anchor = parseOverlayAnchor(key);
    if (key.includes('{{') || (anchor !== null && !isConditional(anchor) && !isAddIfNotPresent(anchor))) {
      reads.whole(path);
      continue;
    }
    const name = anchor?.key ?? key;
    if (anchor !== null && isConditional(anchor)) reads.whole([...path, name]);
    else overlayReads(value, [...path, name], reads);
  }
}

/** One patch of a mutate block or foreach entry (see buildPatcher): the overlay's variables, then where it lands. */
function patchReads(block: JsonObject, bindings: Bindings, reads: FootprintBuilder): void {
  const overlay = block['patchStrategicMerge'];
  if (overlay !== undefined && overlay !== null) {
    if (typeof overlay === 'string' && overlay.includes('{{')) {
      reads.everything('an overlay given as one variable');
      return;
    }
    consume(templatesIn(overlay, scopeOf(bindings), reads), reads);
    overlayReads(overlay, [], reads);
    return;
  }
  const json = block['patchesJson6902'];
  if (json !== undefined && json !== null && json !== '') reads.everything('patchesJson6902 is not analysed');
}

/** A mutate.foreach (see collectForeachPatchers). */
function mutateForeachReads(foreach: JsonValue, bindings: Bindings, depth: number, reads: FootprintBuilder): void {
  if (!isArray(foreach)) return;
  for (const entry of foreach) {
    if (!isObject(entry)) continue;
    const bound = foreachEntry(entry, bindings, depth, reads);
    if (bound === 'everything') return;
    if (bound === undefined) continue;
    const { scoped } = bound;
    if (entry['preconditions'] !== undefined && entry['preconditions'] !== null) conditionReads(entry['preconditions'], scoped, reads);
    if (entry['foreach'] !== undefined && entry['foreach'] !== null) mutateForeachReads(entry['foreach'], scoped, depth + 1, reads);
    else patchReads(entry, scoped, reads);
  }
}

/** A declared fix, applied with the rule's scope (see deriveFix and applyMutate); the merge reads the kind. */
function fixReads(mutate: JsonObject, bindings: Bindings, reads: FootprintBuilder): void {
  reads.whole(['apiVersion']);
  reads.whole(['kind']);
  if (isArray(mutate['targets']) && mutate['targets'].length > 0) return;
  if (mutate['foreach'] !== undefined && mutate['foreach'] !== null) mutateForeachReads(mutate['foreach'], bindings, 0, reads);
  else patchReads(mutate, bindings, reads);
}

/**
 * What a rule's status can depend on, for a CREATE or UPDATE of a resource of this kind:
 * its selection (kind, apiVersion, metadata), context, preconditions and validate body.
 * Anything but a classic validate rule may read anything.
 */
export function ruleFootprint(rule: Rule, kind: string): Footprint {
  return ruleReads(rule, new Reads(kind));
}

/**
 * What a rule's whole result can depend on (evaluated with its fix derived): its status,
 * its message (validate.message, substituted at the rule or at the failing foreach
 * element), the paths it names, and its declared fix: the patch, and the check that the
 * patched resource passes.
 */
export function ruleResultFootprint(rule: Rule, kind: string, fix: DeclaredFix | undefined): Footprint {
  const validate = rule.raw['validate'];
  const message = isObject(validate) && typeof validate['message'] === 'string' ? validate['message'] : '';
  const reads = new Reads(kind, message);
  ruleReads(rule, reads, (bindings) => {
    messageReads(message, scopeOf(bindings), reads);
    if (fix) fixReads(fix.mutate, bindings, reads);
  });
  return reads.build();
}

/**
 * What decides whether a rule gets past its preconditions: its selection, its context and
 * its preconditions. A rule that was skipped because its preconditions did not hold (or
 * did not select the resource) stays so while none of these reads changes.
 */
export function ruleGateFootprint(rule: Rule, kind: string): Footprint {
  return ruleReads(rule, new Reads(kind), undefined, true);
}

function ruleReads(rule: Rule, reads: Reads, withContext?: (bindings: Bindings) => void, gateOnly = false): Footprint {
  const validate = rule.raw['validate'];
  if (!isObject(validate) || rule.raw['mutate'] !== undefined) {
    reads.everything('not a validate rule');
    return reads.build();
  }
  if (validate['cel'] !== undefined) {
    reads.everything('a CEL validate rule');
    return reads.build();
  }
  selectionReads(rule.raw, reads);
  const bindings = contextReads(rule.raw['context'], BASE_BINDINGS, reads);
  withContext?.(bindings);
  if (rule.raw['preconditions'] !== undefined) conditionReads(rule.raw['preconditions'], bindings, reads);
  if (!gateOnly) bodyReads(validate, at([[]]), bindings, -1, reads);
  return reads.build();
}

import jsyaml from 'js-yaml';

/**
 * Whether a lenient YAML reader (js-yaml, which, like the Go reader kubectl uses, lets the lines
 * of a quoted or flow value sit at its key's indentation) reads the text as one mapping with
 * an apiVersion and a kind: a document the cluster takes although it breaks a YAML 1.2 rule the
 * strict reader holds to. Only asked once the strict reader has failed.
 */
export function readsLeniently(text: string): boolean {
  try {
    const docs = jsyaml.loadAll(text, undefined, { json: true }).filter((doc) => doc !== null && doc !== undefined);
    if (docs.length !== 1) return false;
    const [doc] = docs;
    return typeof doc === 'object' && !Array.isArray(doc) && doc !== null && 'apiVersion' in doc && 'kind' in doc;
  } catch {
    return false;
  }
}

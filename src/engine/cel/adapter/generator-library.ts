import type { Environment } from '@marcbachmann/cel-js';
import { isObject, type JsonObject } from '../../../core/json.ts';
import { fromCel } from './values.ts';

/**
 * Where `generator.Apply` puts what it generates: the target namespace ('' for cluster-wide
 * generation) and the resources as written (a List stands for its items). It returns an
 * error message when it refuses them.
 */
export type GenerateSink = (namespace: string, resources: JsonObject[]) => string | undefined;

/**
 * `generator`: Kyverno's generator library of GeneratingPolicy. `generator.Apply(namespace,
 * [resources])` (a NamespacedGeneratingPolicy: `generator.Apply([resources])`, into its own
 * namespace) hands the resources to the sink and is true. preadmit creates nothing: the sink
 * collects them, as Kyverno's CLI does.
 */
export class GeneratorLibrary {
  constructor(
    readonly sink: GenerateSink,
    /** The namespace of a NamespacedGeneratingPolicy (undefined for a GeneratingPolicy). */
    readonly policyNamespace?: string,
  ) {}
  apply(namespace: string | undefined, list: unknown): boolean {
    if (namespace !== undefined && this.policyNamespace !== undefined) {
      throw new Error(`generator.Apply(namespace, resources) is for a GeneratingPolicy; a NamespacedGeneratingPolicy writes generator.Apply(resources), which generates into its namespace ${this.policyNamespace}`);
    }
    if (namespace === undefined && this.policyNamespace === undefined) {
      throw new Error('generator.Apply(resources) is for a NamespacedGeneratingPolicy; a GeneratingPolicy names the target namespace: generator.Apply(namespace, resources)');
    }
    const values = fromCel(list);
    if (!Array.isArray(values) || !values.every(isObject)) throw new Error('generator.Apply needs a list of resources (maps)');
    const refused = this.sink(namespace ?? this.policyNamespace ?? '', values.filter(isObject));
    if (refused !== undefined) throw new Error(`failed to generate resources: ${refused}`);
    return true;
  }
}

export function registerGeneratorLibrary(env: Environment): void {
  env.registerType('kyverno.Generator', GeneratorLibrary).registerVariable('generator', 'kyverno.Generator');
  for (const name of ['Apply', 'apply']) {
    env.registerFunction(`kyverno.Generator.${name}(string, list): bool`, (lib: GeneratorLibrary, namespace: string, list: unknown) => lib.apply(namespace, list));
    env.registerFunction(`kyverno.Generator.${name}(list): bool`, (lib: GeneratorLibrary, list: unknown) => lib.apply(undefined, list));
  }
}

import type { JsonObject } from '../../core/json.ts';
import type { CelException } from '../../policy/cel/exceptions.ts';
import type { CelContextData } from './adapter/index.ts';

/** What the CEL policy kinds read beyond the admission request (plain JSON). */
export interface CelInput {
  /** Resources a binding's paramRef selects params from (a test's paramResources). */
  paramResources?: readonly JsonObject[];
  /** Namespace objects by name (`namespaceObject`; a Values file's namespaces). */
  namespaces?: Readonly<Record<string, JsonObject>>;
  /** Data Kyverno's libraries serve: resource.Get/List, image.GetMetadata (a test's Context file). */
  context?: CelContextData;
  /** `policies.kyverno.io` PolicyExceptions in force. */
  exceptions?: readonly CelException[];
}

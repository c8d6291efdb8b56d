import { isArray, isObject, type JsonObject } from '../../core/json.ts';
import type { AdmissionProgram } from '../../engine/cel/program.ts';

/** A `policies.kyverno.io` PolicyException: it exempts the CEL policies it names where its match conditions hold. */
export interface CelException {
  name: string;
  namespace?: string;
  policyRefs: { name: string; kind: string }[];
  /** The match conditions as a program without validations: it passes exactly when they all hold. */
  program: AdmissionProgram;
}

/** Is this a `policies.kyverno.io` PolicyException (the CEL kind, with policyRefs)? */
export function isCelExceptionDocument(object: JsonObject): boolean {
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  return object['kind'] === 'PolicyException' && apiVersion.startsWith('policies.kyverno.io/');
}

/** Read the CEL PolicyExceptions among documents. */
export function readCelExceptions(objects: readonly JsonObject[]): CelException[] {
  const out: CelException[] = [];
  for (const object of objects.filter(isCelExceptionDocument)) {
    const metadata = isObject(object['metadata']) ? object['metadata'] : {};
    const spec = isObject(object['spec']) ? object['spec'] : {};
    const refs = (isArray(spec['policyRefs']) ? spec['policyRefs'] : []).filter(isObject);
    const conditions = (isArray(spec['matchConditions']) ? spec['matchConditions'] : []).filter(isObject);
    const exception: CelException = {
      name: typeof metadata['name'] === 'string' ? metadata['name'] : '',
      policyRefs: refs.map((r) => ({ name: typeof r['name'] === 'string' ? r['name'] : '', kind: typeof r['kind'] === 'string' ? r['kind'] : '' })),
      program: {
        matchConditions: conditions
          .filter((c) => typeof c['expression'] === 'string')
          .map((c, i) => ({ name: typeof c['name'] === 'string' ? c['name'] : String(i), expression: c['expression'] as string })),
        variables: [],
        validations: [],
        mutations: [],
        failurePolicy: 'Fail',
      },
    };
    if (typeof metadata['namespace'] === 'string') exception.namespace = metadata['namespace'];
    out.push(exception);
  }
  return out;
}

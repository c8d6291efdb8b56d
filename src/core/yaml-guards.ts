import * as yaml from 'yaml';

/**
 * The `yaml` package's node guards, read once. The bundles take `yaml` as CommonJS, whose
 * named exports esbuild reads through a getter at every use: called per node while planning
 * edits, those getters alone cost more than the guards. Import the guards from here in code
 * that runs per node.
 */
export const { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq } = yaml;

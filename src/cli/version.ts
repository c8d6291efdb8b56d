import { packageVersion } from '../core/package-files.ts';

export const VERSION = packageVersion();

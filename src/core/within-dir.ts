import { isAbsolute, relative, sep } from 'node:path';

/** Whether the absolute path `child` is `parent` itself or lies below it (by their text: links are not followed). */
export function isWithinDir(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

import { execFileSync } from 'node:child_process';

/** The URLs of a git repository's remotes (empty when there are none or git cannot tell). */
export function gitRemoteUrls(root: string): string[] {
  try {
    const out = execFileSync('git', ['-C', root, 'config', '--get-regexp', '^remote\\..*\\.url$'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n').flatMap((line) => {
      const url = line.split(' ').slice(1).join(' ').trim();
      return url === '' ? [] : [url];
    });
  } catch {
    return [];
  }
}

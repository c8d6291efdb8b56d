import { join } from 'node:path';

/**
 * The whole environment of a renderer process: nothing of the caller's
 * environment leaks in but PATH. HOME, XDG and HELM_* directories point into an
 * empty scratch directory (no repositories, no plugins, no registry logins, no
 * kubeconfig). Unless network use is allowed, every HTTP(S) proxy points at a
 * closed local port, so an attempt to fetch anything fails at once.
 */
export function toolEnv(home: string, allowNetwork: boolean): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    HELM_CACHE_HOME: join(home, 'helm', 'cache'),
    HELM_CONFIG_HOME: join(home, 'helm', 'config'),
    HELM_DATA_HOME: join(home, 'helm', 'data'),
    HELM_PLUGINS: join(home, 'helm', 'plugins'),
    HELM_REGISTRY_CONFIG: join(home, 'helm', 'registry.json'),
    HELM_REPOSITORY_CONFIG: join(home, 'helm', 'repositories.yaml'),
    HELM_REPOSITORY_CACHE: join(home, 'helm', 'repository'),
    KUBECONFIG: join(home, 'kubeconfig'),
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  if (!allowNetwork) {
    const closed = 'http://127.0.0.1:9';
    Object.assign(env, { HTTP_PROXY: closed, HTTPS_PROXY: closed, http_proxy: closed, https_proxy: closed, NO_PROXY: '', no_proxy: '' });
  }
  return env;
}

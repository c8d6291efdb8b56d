import { join } from 'node:path';

/** The only PATH a renderer gets: the tools are started by absolute path, nothing of the caller's PATH is needed. */
export const TOOL_PATH = '/usr/bin:/bin';

/**
 * The whole environment of a renderer process: nothing of the caller's environment leaks
 * in (not even its PATH: a fixed system PATH). HOME, XDG and HELM_* directories point into an
 * empty scratch directory (no repositories, no plugins, no registry logins, no
 * kubeconfig). Unless network use is allowed, every HTTP(S) proxy points at a
 * closed local port, so an attempt to fetch anything fails at once.
 */
export function toolEnv(home: string, allowNetwork: boolean): Record<string, string> {
  const env: Record<string, string> = {
    PATH: TOOL_PATH,
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
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  if (!allowNetwork) {
    const closed = 'http://127.0.0.1:9';
    Object.assign(env, { HTTP_PROXY: closed, HTTPS_PROXY: closed, http_proxy: closed, https_proxy: closed, ALL_PROXY: closed, all_proxy: closed, NO_PROXY: '', no_proxy: '' });
    // git (kustomize's remote loader) may use no transport at all: no ssh, no file, no http.
    Object.assign(env, { GIT_ALLOW_PROTOCOL: 'none', GIT_SSH_COMMAND: '/bin/false', GIT_SSH: '/bin/false' });
  }
  return env;
}

import { isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import { wildcardMatch } from '../wildcard.ts';

/** Who makes the request, as a Kyverno test `userinfo` file gives it. */
export interface RequestUser {
  roles: string[];
  clusterRoles: string[];
  username: string;
  groups: string[];
}

const strings = (value: JsonValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * Read request user information: `{roles, clusterRoles, userInfo: {username, groups}}`
 * (Kyverno's RequestInfo / the CLI's UserInfo file), or `{username, groups}` directly.
 */
export function readRequestUser(info: JsonObject): RequestUser {
  const nested = isObject(info['userInfo']) ? info['userInfo'] : info;
  const username = nested['username'];
  return {
    roles: strings(info['roles']),
    clusterRoles: strings(info['clusterRoles']),
    username: typeof username === 'string' ? username : '',
    groups: strings(nested['groups']),
  };
}

/** Kyverno's empty request info: no username, groups, roles or clusterRoles. */
export function isNobody(user: RequestUser): boolean {
  return user.username === '' && user.groups.length === 0 && user.roles.length === 0 && user.clusterRoles.length === 0;
}

/** The user-information fields of a filter: `subjects`, `roles`, `clusterRoles`. */
export interface UserFilter {
  roles: string[];
  clusterRoles: string[];
  subjects: JsonObject[];
}

export function readUserFilter(filter: JsonObject): UserFilter {
  const subjects = filter['subjects'];
  return {
    roles: strings(filter['roles']),
    clusterRoles: strings(filter['clusterRoles']),
    subjects: Array.isArray(subjects) ? subjects.filter(isObject) : [],
  };
}

export function isEmptyUserFilter(filter: UserFilter): boolean {
  return filter.roles.length === 0 && filter.clusterRoles.length === 0 && filter.subjects.length === 0;
}

/** Why the user does not satisfy the filter (every listed field must hold); empty when it does. */
export function userFilterFailures(filter: UserFilter, user: RequestUser): string[] {
  const failures: string[] = [];
  if (filter.roles.length > 0 && !user.roles.some((r) => filter.roles.includes(r))) {
    failures.push('the requesting user has none of the roles');
  }
  if (filter.clusterRoles.length > 0 && !user.clusterRoles.some((r) => filter.clusterRoles.includes(r))) {
    failures.push('the requesting user has none of the clusterRoles');
  }
  if (filter.subjects.length > 0 && !filter.subjects.some((s) => subjectMatches(s, user))) {
    failures.push('the requesting user is none of the subjects');
  }
  return failures;
}

function subjectMatches(subject: JsonObject, user: RequestUser): boolean {
  const name = typeof subject['name'] === 'string' ? subject['name'] : '';
  switch (subject['kind']) {
    case 'ServiceAccount': {
      const namespace = typeof subject['namespace'] === 'string' ? subject['namespace'] : '';
      return wildcardMatch(`system:serviceaccount:${namespace}:${name}`, user.username);
    }
    case 'Group':
      return user.groups.some((group) => wildcardMatch(name, group));
    case 'User':
      return wildcardMatch(name, user.username);
    default:
      return false;
  }
}

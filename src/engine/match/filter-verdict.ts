import { isObject, type JsonObject } from '../../core/json.ts';
import { descriptionFailures, isEmptyDescription, type FilterSubject } from './resource-filter.ts';
import { isEmptyUserFilter, isNobody, readUserFilter, userFilterFailures, type RequestUser } from './user-info.ts';

/** Three-valued: the filter holds, does not hold, or depends on who makes the request. */
export type Tri = true | false | 'unknown';

export interface FilterVerdict {
  holds: Tri;
  /** Why it does not hold (or why it is unknown). */
  reasons: string[];
}

/** How to decide subjects/roles/clusterRoles when no request user is known. */
export type UnknownUserMode = 'unknown' | 'kyverno-cli';

export interface FilterContext {
  subject: FilterSubject;
  user: RequestUser | undefined;
  unknownUser: UnknownUserMode;
}

export const UNKNOWN_USER_REASON =
  'the rule selects by subjects, roles or clusterRoles, which depend on who applies the change and are not known before admission';

/**
 * Evaluate one resource filter (`resources` + `subjects`/`roles`/`clusterRoles`).
 * side 'match': an empty filter never matches ("match cannot be empty"); without a known
 * user, user fields make it unknown (or, as the Kyverno CLI does, are ignored).
 * side 'exclude': an empty filter excludes nothing; without a known user, user fields make
 * it unknown (or, as the Kyverno CLI does, do not hold).
 * A user given but empty (no name, groups or roles) is Kyverno's empty request info: user
 * fields are ignored in match and never hold in exclude, exactly as `kyverno test` without a user.
 */
export function evaluateFilter(filter: JsonObject, side: 'match' | 'exclude', ctx: FilterContext): FilterVerdict {
  const description = isObject(filter['resources']) ? filter['resources'] : undefined;
  let userFilter = readUserFilter(filter);
  // Kyverno ignores the user fields of match filters when the request carries no user at all.
  const noUser = ctx.user === undefined ? ctx.unknownUser === 'kyverno-cli' : isNobody(ctx.user);
  if (side === 'match' && noUser) userFilter = { roles: [], clusterRoles: [], subjects: [] };
  if (isEmptyDescription(description) && isEmptyUserFilter(userFilter)) {
    return side === 'match'
      ? { holds: false, reasons: ['the match filter is empty'] }
      : { holds: false, reasons: [] };
  }
  const failures = description ? descriptionFailures(description, ctx.subject) : [];
  if (failures.length > 0) return { holds: false, reasons: failures };
  if (isEmptyUserFilter(userFilter)) return { holds: true, reasons: [] };
  if (ctx.user === undefined) {
    if (side === 'exclude' && ctx.unknownUser === 'kyverno-cli') {
      return { holds: false, reasons: ['no request user is known'] };
    }
    return { holds: 'unknown', reasons: [UNKNOWN_USER_REASON] };
  }
  const userFailures = userFilterFailures(userFilter, ctx.user);
  return userFailures.length > 0 ? { holds: false, reasons: userFailures } : { holds: true, reasons: [] };
}

/** OR of three-valued verdicts (Kleene). */
export function anyOf(verdicts: readonly FilterVerdict[]): FilterVerdict {
  if (verdicts.some((v) => v.holds === true)) return { holds: true, reasons: [] };
  const unknown = verdicts.filter((v) => v.holds === 'unknown');
  if (unknown.length > 0) return { holds: 'unknown', reasons: unique(unknown.flatMap((v) => v.reasons)) };
  return { holds: false, reasons: unique(verdicts.flatMap((v) => v.reasons)) };
}

/** AND of three-valued verdicts (Kleene). */
export function allOf(verdicts: readonly FilterVerdict[]): FilterVerdict {
  const failed = verdicts.filter((v) => v.holds === false);
  if (failed.length > 0) return { holds: false, reasons: unique(failed.flatMap((v) => v.reasons)) };
  const unknown = verdicts.filter((v) => v.holds === 'unknown');
  if (unknown.length > 0) return { holds: 'unknown', reasons: unique(unknown.flatMap((v) => v.reasons)) };
  return { holds: true, reasons: [] };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

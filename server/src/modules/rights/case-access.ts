import type { CaseActor, Permission } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext } from '../../platform/access';
import { refuseOutOfScope } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import type { RightsDeps } from './case-rules';
import type { CaseRow } from './cases.repository';
import * as repo from './cases.repository';

// Who sees a case, and as what: a cadre through scope, team or break-glass; a reporter by account or code.

/**
 * Cases a cadre may see: outside confidential cases, those in the subtrees where they hold
 * rights.read; and any case whose team they are on (a confidential case's team starts as the
 * dispatchers of its desk) or that they hold break-glass access to. The second set is read first
 * (it is small); the repository makes the two into one condition (`visibleCases`).
 */
export async function visibleTo(db: Executor, context: RequestContext) {
  return {
    readPaths: context.actor.grants.get('rights.read') ?? [],
    visibleIds: await repo.teamAndBreakGlassCaseIds(db, context.actor.userId),
  };
}

export interface Access {
  row: CaseRow;
  as: CaseActor[];
  onTeam: boolean;
  breakGlassUntil: Date | null;
}

/** The case as the cadre may see it, with the parts they act as; refuses (and audits) otherwise. */
export async function accessFor(deps: RightsDeps, context: RequestContext, id: number): Promise<Access> {
  const row = await repo.findCase(deps.db, id);
  const access = row ? await resolveAccess(deps, context, row) : null;
  if (!access) {
    return refuseOutOfScope(deps.db, context, { type: 'rights_case', id, exists: async () => row !== undefined });
  }
  return access;
}

export async function resolveAccess(deps: RightsDeps, context: RequestContext, row: CaseRow): Promise<Access | null> {
  const db = deps.db;
  const userId = context.actor.userId;
  const [team, breakGlassUntil] = await Promise.all([
    repo.teamRolesOf(db, row, userId),
    repo.breakGlassUntil(db, row, userId),
  ]);
  const onTeam = team.length > 0;
  const within = (permission: Permission) => isWithin(row.organisationPath, context.actor.grants.get(permission) ?? []);
  const openToSubtree = !row.confidential && within('rights.read');
  if (!onTeam && !openToSubtree && !breakGlassUntil) return null;
  const as: CaseActor[] = [];
  const teamRoles = new Set(team.map((t) => t.role));
  if (within('rights.dispatch') && (openToSubtree || teamRoles.has('dispatcher'))) as.push('dispatcher');
  if (teamRoles.has('handler') || teamRoles.has('member') || (openToSubtree && within('rights.handle')))
    as.push('handler');
  return { row, as, onTeam, breakGlassUntil };
}

export const followUpHash = (deps: Pick<RightsDeps, 'cipher'>, code: string) =>
  deps.cipher.blindIndex(code).toString('hex');

export async function caseByCode(deps: RightsDeps, code: string) {
  const row = await repo.findCaseByFollowUp(deps.db, followUpHash(deps, code), code.slice(0, 2));
  if (!row) throw new AppError(404, 'rights.follow_up_not_found');
  return row;
}

export async function myCase(deps: RightsDeps, context: RequestContext, id: number) {
  const row = await repo.findCase(deps.db, id);
  if (!row || row.reporterUserId !== context.actor.userId) {
    return refuseOutOfScope(deps.db, context, { type: 'rights_case', id, exists: async () => row !== undefined });
  }
  return row;
}

import {
  ORGANISATION_LEVELS,
  type Organisation,
  type OrganisationLevel,
  type OrganisationType,
} from '@gonghui/contract';
import type { Db } from '../../db/client';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { diffFields, recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, ValidationProblem } from '../../platform/errors';
import { organisationExists } from '../../platform/organisation-tree.repository';
import { loadWithin, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import * as repo from './organisations.repository';

export interface OrganisationsDeps {
  db: Db;
}

/** Which levels each type of organisation may sit at. */
const LEVELS_BY_TYPE: Record<OrganisationType, readonly OrganisationLevel[]> = {
  federation: ['national', 'provincial', 'city', 'county'],
  industrial_union: ['national', 'provincial', 'city', 'county'],
  joint_union: ['street'],
  holding_union: ['street', 'grassroots'],
  grassroots: ['grassroots'],
  joint_grassroots: ['grassroots'],
  branch: ['branch'],
};

const levelRank = (level: string) => ORGANISATION_LEVELS.indexOf(level as OrganisationLevel);

/** A child sits at a deeper level than its parent; a branch only under a grassroots union. */
export function canBeChildOf(
  child: { type: string; level: string },
  parent: { type: string; level: string; status: string },
): boolean {
  if (parent.status !== 'active') return false;
  if (!LEVELS_BY_TYPE[child.type as OrganisationType]?.includes(child.level as OrganisationLevel)) return false;
  if (levelRank(child.level) <= levelRank(parent.level)) return false;
  if (child.type === 'branch') return parent.type === 'grassroots' || parent.type === 'joint_grassroots';
  return parent.type !== 'branch';
}

export function toOrganisation(row: repo.OrganisationRow, childCount: number): Organisation {
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    type: row.type as Organisation['type'],
    level: row.level as Organisation['level'],
    regionCode: row.regionCode,
    status: row.status as Organisation['status'],
    childCount: Number(childCount),
    pathIds: row.path.split('.').map(Number),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function refuseOrganisation(deps: OrganisationsDeps, context: RequestContext, id: number): Promise<never> {
  return refuseOutOfScope(deps.db, context, {
    type: 'organisation',
    id,
    exists: () => organisationExists(deps.db, id),
  });
}

export async function listOrganisations(
  deps: OrganisationsDeps,
  context: RequestContext,
  query: {
    parentId?: number | undefined;
    q?: string | undefined;
    includeClosed: boolean;
    page: number;
    pageSize: number;
  },
) {
  const scope = scopeOf(context.actor, 'organisation.read');
  if (query.parentId) await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, query.parentId, scope);
  const { rows, total } = await repo.listOrganisations(deps.db, { scope, ...query }, query.page, query.pageSize);
  return {
    items: rows.map((r) => toOrganisation(r.organisation, r.childCount)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getOrganisation(deps: OrganisationsDeps, context: RequestContext, id: number) {
  const scope = scopeOf(context.actor, 'organisation.read');
  const found = await repo.findOrganisationInScope(deps.db, id, scope);
  if (!found) return refuseOrganisation(deps, context, id);
  const [ancestors, employerCount] = await Promise.all([
    repo.listAncestors(deps.db, found.organisation.path, scope),
    repo.countEmployersOf(deps.db, id),
  ]);
  return { ...toOrganisation(found.organisation, found.childCount), ancestors, employerCount };
}

export async function createOrganisation(
  deps: OrganisationsDeps,
  context: RequestContext,
  input: { parentId: number; name: string; type: OrganisationType; level: OrganisationLevel; regionCode: string },
) {
  const scope = scopeOf(context.actor, 'organisation.manage');
  return deps.db.transaction(async (tx) => {
    const parent = await repo.lockOrganisation(tx, input.parentId, scope);
    if (!parent) return refuseOrganisation(deps, context, input.parentId);
    if (!canBeChildOf(input, parent)) {
      throw new ValidationProblem([{ field: 'level', messageKey: 'problem.organisation.invalid_parent' }]);
    }
    const { parentId: _, ...values } = input;
    const row = await repo.insertOrganisation(tx, parent, values);
    await recordAudit(tx, context, {
      action: 'organisation.create',
      subjectType: 'organisation',
      subjectId: row.id,
      organisationId: row.id,
      changes: { ...values, parentId: parent.id },
    });
    return toOrganisation(row, 0);
  });
}

export async function updateOrganisation(
  deps: OrganisationsDeps,
  context: RequestContext,
  id: number,
  input: { name?: string | undefined; regionCode?: string | undefined },
) {
  const scope = scopeOf(context.actor, 'organisation.manage');
  return deps.db.transaction(async (tx) => {
    const before = await repo.lockOrganisation(tx, id, scope);
    if (!before) return refuseOrganisation(deps, context, id);
    if (before.status !== 'active') throw new AppError(409, 'organisation.closed');
    const changes = diffFields(before, input);
    const row = Object.keys(changes).length > 0 ? await repo.updateOrganisation(tx, id, input) : before;
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, context, {
        action: 'organisation.update',
        subjectType: 'organisation',
        subjectId: id,
        organisationId: id,
        changes,
      });
    }
    return toOrganisation(row, await repo.countActiveChildren(tx, id));
  });
}

/** Moves a branch with everything under it; every path in it is rewritten in one transaction. */
export async function moveOrganisation(
  deps: OrganisationsDeps,
  context: RequestContext,
  id: number,
  newParentId: number,
) {
  const scope = scopeOf(context.actor, 'organisation.manage');
  return deps.db.transaction(async (tx) => {
    const node = await repo.lockOrganisation(tx, id, scope);
    if (!node) return refuseOrganisation(deps, context, id);
    // The actor's own scope root cannot leave their scope.
    if (scope.includes(node.path)) throw new AppError(403, 'forbidden');
    const newParent = await repo.lockOrganisation(tx, newParentId, scope);
    if (!newParent) {
      return refuseOutOfScope(deps.db, context, {
        type: 'organisation',
        id: newParentId,
        exists: () => organisationExists(deps.db, newParentId),
      });
    }
    if (isWithin(newParent.path, [node.path])) {
      throw new ValidationProblem([{ field: 'newParentId', messageKey: 'problem.organisation.cycle' }]);
    }
    if (!canBeChildOf(node, newParent)) {
      throw new ValidationProblem([{ field: 'newParentId', messageKey: 'problem.organisation.invalid_parent' }]);
    }
    await repo.lockSubtree(tx, node.path);
    const moved = await repo.rewriteSubtreePaths(tx, node.path, newParent.path);
    const row = await repo.updateOrganisation(tx, id, { parentId: newParent.id });
    await recordAudit(tx, context, {
      action: 'organisation.move',
      subjectType: 'organisation',
      subjectId: id,
      organisationId: id,
      changes: { parentId: { from: node.parentId, to: newParent.id }, organisationsMoved: moved },
    });
    return toOrganisation(row, await repo.countActiveChildren(tx, id));
  });
}

/** Closing (撤销) keeps the record and its history; open sub-organisations must be closed first. */
export async function closeOrganisation(deps: OrganisationsDeps, context: RequestContext, id: number, reason: string) {
  const scope = scopeOf(context.actor, 'organisation.manage');
  return deps.db.transaction(async (tx) => {
    const node = await repo.lockOrganisation(tx, id, scope);
    if (!node) return refuseOrganisation(deps, context, id);
    if (scope.includes(node.path)) throw new AppError(403, 'forbidden');
    if (node.status !== 'active') throw new AppError(409, 'organisation.closed');
    if ((await repo.countActiveChildren(tx, id)) > 0) throw new AppError(409, 'organisation.has_active_children');
    const row = await repo.updateOrganisation(tx, id, { status: 'closed', closedAt: new Date(), closedReason: reason });
    await recordAudit(tx, context, {
      action: 'organisation.close',
      subjectType: 'organisation',
      subjectId: id,
      organisationId: id,
      changes: { status: { from: 'active', to: 'closed' }, reason },
    });
    return toOrganisation(row, 0);
  });
}

/** The top federation of a deployment, made once by an operator with the CLI. */
export async function createRootOrganisation(
  db: Db,
  input: { name: string; level: OrganisationLevel; regionCode: string },
): Promise<Organisation> {
  return db.transaction(async (tx) => {
    const row = await repo.insertOrganisation(tx, null, { ...input, type: 'federation' });
    await recordAudit(tx, null, {
      action: 'organisation.create',
      subjectType: 'organisation',
      subjectId: row.id,
      organisationId: row.id,
      changes: { ...input, type: 'federation', parentId: null },
    });
    return toOrganisation(row, 0);
  });
}

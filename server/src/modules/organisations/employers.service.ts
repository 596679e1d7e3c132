import type { Employer } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import type { RequestContext } from '../../platform/access';
import { scopeOf } from '../../platform/access';
import { diffFields, recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, type FieldProblem, ValidationProblem } from '../../platform/errors';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { loadWithin, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import * as repo from './organisations.repository';
import type { OrganisationsDeps } from './organisations.service';

type EmployerView = Awaited<ReturnType<typeof repo.findEmployerInScope>> & {};

function toEmployer(view: EmployerView): Employer {
  const { employer } = view;
  return {
    id: employer.id,
    name: employer.name,
    uscc: employer.uscc,
    industryCode: employer.industryCode,
    ownershipType: employer.ownershipType as Employer['ownershipType'],
    regionCode: employer.regionCode,
    employeeCount: employer.employeeCount,
    organisationId: employer.organisationId,
    organisationName: view.organisationName,
    coveringUnionId: employer.coveringUnionId,
    coveringUnionName: view.coveringUnionName,
    createdAt: employer.createdAt.toISOString(),
    updatedAt: employer.updatedAt.toISOString(),
  };
}

function refuseEmployer(deps: OrganisationsDeps, context: RequestContext, id: number): Promise<never> {
  return refuseOutOfScope(deps.db, context, { type: 'employer', id, exists: () => repo.employerExists(deps.db, id) });
}

export async function listEmployers(
  deps: OrganisationsDeps,
  context: RequestContext,
  query: {
    organisationId?: number | undefined;
    q?: string | undefined;
    unionised?: boolean | undefined;
    page: number;
    pageSize: number;
  },
) {
  const scope = scopeOf(context.actor, 'employer.read');
  let organisationPath: string | undefined;
  if (query.organisationId) {
    organisationPath = (await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, query.organisationId, scope)).path;
  }
  const { rows, total } = await repo.listEmployers(
    deps.db,
    { scope, organisationPath, q: query.q, unionised: query.unionised },
    query.page,
    query.pageSize,
  );
  return { items: rows.map(toEmployer), total, page: query.page, pageSize: query.pageSize };
}

export async function getEmployer(deps: OrganisationsDeps, context: RequestContext, id: number) {
  const scope = scopeOf(context.actor, 'employer.read');
  const view = await repo.findEmployerInScope(deps.db, id, scope);
  if (!view) return refuseEmployer(deps, context, id);
  return toEmployer(view);
}

/** Both the keeping organisation and the covering union must be open and in the actor's scope. */
async function checkOrganisationRefs(
  db: Executor,
  scope: readonly string[],
  input: { organisationId?: number | undefined; coveringUnionId?: number | null | undefined },
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const field of ['organisationId', 'coveringUnionId'] as const) {
    const id = input[field];
    if (id === undefined || id === null) continue;
    const found = await repo.findOrganisationInScope(db, id, scope);
    if (!found) problems.push({ field, messageKey: 'problem.not_found' });
    else if (found.organisation.status !== 'active')
      problems.push({ field, messageKey: 'problem.organisation.closed' });
  }
  return problems;
}

export interface EmployerInput {
  name: string;
  uscc: string;
  industryCode: string;
  ownershipType: Employer['ownershipType'];
  regionCode: string;
  employeeCount: number;
  organisationId: number;
  coveringUnionId?: number | null | undefined;
}

export async function createEmployer(deps: OrganisationsDeps, context: RequestContext, input: EmployerInput) {
  const scope = scopeOf(context.actor, 'employer.manage');
  const id = await deps.db.transaction(async (tx) => {
    const problems = await checkOrganisationRefs(tx, scope, input);
    if (problems.length > 0) throw new ValidationProblem(problems);
    if (await repo.findEmployerByUscc(tx, input.uscc)) throw new AppError(409, 'employer.uscc_taken');
    const row = await repo.insertEmployer(tx, { ...input, coveringUnionId: input.coveringUnionId ?? null });
    await recordAudit(tx, context, {
      action: 'employer.create',
      subjectType: 'employer',
      subjectId: row.id,
      organisationId: row.organisationId,
      changes: { ...input },
    });
    return row.id;
  });
  return getEmployer(deps, context, id);
}

export async function updateEmployer(
  deps: OrganisationsDeps,
  context: RequestContext,
  id: number,
  input: Partial<Omit<EmployerInput, 'uscc'>>,
) {
  const scope = scopeOf(context.actor, 'employer.manage');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.findEmployerInScope(tx, id, scope))) return refuseEmployer(deps, context, id);
    const before = (await repo.lockEmployer(tx, id))!;
    const problems = await checkOrganisationRefs(tx, scope, input);
    if (problems.length > 0) throw new ValidationProblem(problems);
    // The record lives in its province's shard (db/placement.ts); it cannot be handed across.
    if (
      input.organisationId !== undefined &&
      (await provinceOfOrganisation(tx, input.organisationId)) !== before.provinceCode
    ) {
      throw new ValidationProblem([{ field: 'organisationId', messageKey: 'problem.other_province' }]);
    }
    const changes = diffFields(before, input);
    if (Object.keys(changes).length === 0) return;
    const row = await repo.updateEmployer(tx, id, input);
    await recordAudit(tx, context, {
      action: 'employer.update',
      subjectType: 'employer',
      subjectId: id,
      organisationId: row.organisationId,
      changes,
    });
  });
  return getEmployer(deps, context, id);
}

import {
  type budgetBodySchema,
  type budgetQuerySchema,
  type enrolBodySchema,
  type enrolmentQuerySchema,
  formatYuan,
  type ProgrammeBody,
  type programmeSchema,
} from '@gonghui/contract';
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, notFound } from '../../platform/errors';
import { idsOnPath, organisationNames } from '../../platform/organisation-tree.repository';
import { provinceOf } from '../../platform/province';
import { loadInScope, ORGANISATION } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import type { ProgrammeRow } from './programmes.repository';
import * as repo from './programmes.repository';
import type { AssistanceDeps } from './shared';

type ProgrammeView = z.infer<typeof programmeSchema>;

export function toProgrammeView(row: ProgrammeRow, organisationName: string, today = todayInChina()): ProgrammeView {
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName,
    kind: row.kind as ProgrammeView['kind'],
    name: row.name,
    description: row.description,
    need: row.need as ProgrammeView['need'],
    rules: row.rules,
    documents: row.documents,
    amount: row.amount,
    chain: row.chain,
    homeVisitRequired: row.homeVisitRequired,
    noticeDays: row.noticeDays,
    dualApprovalFromFen: row.dualApprovalFromFen,
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    enrolmentOpensOn: row.enrolmentOpensOn,
    enrolmentClosesOn: row.enrolmentClosesOn,
    open: row.opensOn <= today && today <= row.closesOn,
  };
}

/** Programmes that apply at a union: those run by it or by a federation above it. */
export async function programmesFor(db: Executor, path: string) {
  const rows = await repo.programmesAbove(db, path);
  return rows.map((r) => toProgrammeView(r.programme, r.ownerName));
}

/**
 * Programmes a cadre works with: those run inside their scope, and those run above it (which
 * apply to the unions they look after).
 */
export async function listProgrammes(deps: AssistanceDeps, context: RequestContext) {
  const scope = scopeOf(context.actor, 'assistance.read');
  const above = scope.flatMap(idsOnPath);
  const rows = await repo.programmesInOrAbove(deps.db, scope, above);
  return { items: rows.map((r) => toProgrammeView(r.programme, r.ownerName)) };
}

function programmeValues(body: ProgrammeBody) {
  return {
    kind: body.kind,
    name: body.name,
    description: body.description,
    need: body.need,
    rules: body.rules,
    documents: [...new Set(body.documents)],
    amount: body.amount,
    chain: body.chain,
    homeVisitRequired: body.homeVisitRequired,
    noticeDays: body.noticeDays,
    dualApprovalFromFen: body.dualApprovalFromFen,
    opensOn: body.opensOn,
    closesOn: body.closesOn,
    enrolmentOpensOn: body.kind === 'mutual_medical' ? body.enrolmentOpensOn : null,
    enrolmentClosesOn: body.kind === 'mutual_medical' ? body.enrolmentClosesOn : null,
  };
}

export async function createProgramme(deps: AssistanceDeps, context: RequestContext, body: ProgrammeBody) {
  const owner = await loadInScope(deps.db, context, ORGANISATION, body.organisationId, 'assistance.programmes');
  const row = await deps.db.transaction(async (tx) => {
    const inserted = await repo.insertProgramme(tx, {
      organisationId: owner.id,
      ...programmeValues(body),
      createdBy: context.actor.userId,
    });
    await recordAudit(tx, context, {
      action: 'assistance.programme_create',
      subjectType: 'assistance_programme',
      subjectId: inserted.id,
      organisationId: owner.id,
      changes: { name: body.name, kind: body.kind, amount: body.amount, rules: body.rules },
    });
    return inserted;
  });
  return toProgrammeView(row, owner.name);
}

export async function updateProgramme(deps: AssistanceDeps, context: RequestContext, id: number, body: ProgrammeBody) {
  const found = await loadInScope(deps.db, context, repo.PROGRAMME, id, 'assistance.programmes');
  if (body.organisationId !== found.programme.organisationId) throw new AppError(422, 'assistance.programme_scope');
  const row = await deps.db.transaction(async (tx) => {
    const updated = await repo.updateProgramme(tx, id, programmeValues(body));
    await recordAudit(tx, context, {
      action: 'assistance.programme_update',
      subjectType: 'assistance_programme',
      subjectId: id,
      organisationId: found.programme.organisationId,
      changes: {
        name: body.name,
        amount: body.amount,
        rules: body.rules,
        opensOn: body.opensOn,
        closesOn: body.closesOn,
      },
    });
    return updated;
  });
  return toProgrammeView(row, found.ownerName);
}

// ---- budgets ----

/** Sets a programme's budget at an organisation for a year; never below what is already committed. */
export async function setBudget(deps: AssistanceDeps, context: RequestContext, body: z.infer<typeof budgetBodySchema>) {
  const found = await repo.findProgramme(deps.db, body.programmeId);
  if (!found) throw notFound();
  const organisation = await loadInScope(deps.db, context, ORGANISATION, body.organisationId, 'assistance.programmes');
  if (!isWithin(organisation.path, [found.ownerPath])) throw new AppError(422, 'assistance.programme_scope');
  const provinceCode = provinceOf(organisation.regionCode);
  await deps.db.transaction(async (tx) => {
    const key = { programmeId: body.programmeId, organisationId: organisation.id, year: body.year, provinceCode };
    const row = await repo.setBudgetAmount(tx, key, body.amountFen);
    if (!row) {
      const committed = await repo.committedOf(tx, key);
      throw new AppError(409, 'assistance.budget_below_committed', { committed: formatYuan(committed) });
    }
    await recordAudit(tx, context, {
      action: 'assistance.budget_set',
      subjectType: 'assistance_budget',
      subjectId: row.id,
      organisationId: organisation.id,
      changes: { programmeId: body.programmeId, year: body.year, amountFen: body.amountFen },
    });
  });
  return listBudgets(deps, context, { year: body.year, organisationId: organisation.id });
}

/** Budget, committed and paid for every budget in a subtree, with totals. */
export async function listBudgets(
  deps: AssistanceDeps,
  context: RequestContext,
  query: z.infer<typeof budgetQuerySchema>,
) {
  let scope = scopeOf(context.actor, 'assistance.read');
  if (query.organisationId)
    scope = [(await loadInScope(deps.db, context, ORGANISATION, query.organisationId, 'assistance.read')).path];
  const rows = await repo.budgetsIn(deps.db, scope, query.year);
  const items = rows.map(({ budget, organisationName, programmeName }) => ({
    id: budget.id,
    programmeId: budget.programmeId,
    programmeName,
    organisationId: budget.organisationId,
    organisationName,
    year: budget.year,
    amountFen: budget.amountFen,
    committedFen: budget.committedFen,
    paidFen: budget.paidFen,
    availableFen: budget.amountFen - budget.committedFen,
  }));
  const sum = (key: 'amountFen' | 'committedFen' | 'paidFen' | 'availableFen') =>
    items.reduce((total, item) => total + item[key], 0);
  return {
    items,
    totals: {
      amountFen: sum('amountFen'),
      committedFen: sum('committedFen'),
      paidFen: sum('paidFen'),
      availableFen: sum('availableFen'),
    },
  };
}

// ---- mutual medical aid enrolment ----

async function mutualProgramme(db: Executor, id: number) {
  const found = await repo.findProgramme(db, id);
  if (!found) throw notFound();
  if (found.programme.kind !== 'mutual_medical' || found.programme.amount.kind !== 'mutual_medical') {
    throw new AppError(422, 'assistance.not_mutual_medical');
  }
  return { ...found, amount: found.programme.amount };
}

/**
 * A union enrols its members (active members of its subtree) for a year, in the enrolment window;
 * members already enrolled are left as they are, so enrolling twice charges nobody twice.
 */
export async function enrol(deps: AssistanceDeps, context: RequestContext, body: z.infer<typeof enrolBodySchema>) {
  const found = await mutualProgramme(deps.db, body.programmeId);
  const union = await loadInScope(deps.db, context, ORGANISATION, body.organisationId, 'assistance.manage');
  if (!isWithin(union.path, [found.ownerPath])) throw new AppError(422, 'assistance.programme_scope');
  const today = todayInChina();
  const { enrolmentOpensOn, enrolmentClosesOn } = found.programme;
  if (!enrolmentOpensOn || !enrolmentClosesOn || today < enrolmentOpensOn || today > enrolmentClosesOn) {
    throw new AppError(422, 'assistance.enrolment_closed', {
      opensOn: enrolmentOpensOn ?? '',
      closesOn: enrolmentClosesOn ?? '',
    });
  }
  const provinceCode = provinceOf(union.regionCode);
  const feeFen = found.amount.feeFen;
  return deps.db.transaction(async (tx) => {
    const { n, candidates } = await repo.enrolSubtree(
      tx,
      { provinceCode, path: union.path },
      { programmeId: found.programme.id, year: body.year, feeFen, enrolledBy: context.actor.userId },
    );
    await recordAudit(tx, context, {
      action: 'assistance.enrol',
      subjectType: 'assistance_programme',
      subjectId: found.programme.id,
      organisationId: union.id,
      changes: { year: body.year, enrolled: n },
    });
    return { enrolled: n, already: candidates - n, feeFen: n * feeFen };
  });
}

export async function enrolmentSummary(
  deps: AssistanceDeps,
  context: RequestContext,
  query: z.infer<typeof enrolmentQuerySchema>,
) {
  const scope = scopeOf(context.actor, 'assistance.read');
  const rows = await repo.enrolmentCounts(deps.db, scope, query.programmeId, query.year);
  const names = await organisationNames(
    deps.db,
    rows.map((r) => r.organisationId),
  );
  return {
    items: rows
      .map((r) => ({ ...r, feeFen: Number(r.feeFen), organisationName: names.get(r.organisationId) ?? '' }))
      .sort((a, b) => b.members - a.members),
  };
}

import {
  type budgetBodySchema,
  type budgetQuerySchema,
  type enrolBodySchema,
  type enrolmentQuerySchema,
  formatYuan,
  type ProgrammeBody,
  type programmeSchema,
} from '@gonghui/contract';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, notFound } from '../../platform/errors';
import { organisationNames } from '../../platform/organisation-tree.repository';
import { organisations } from '../../platform/organisations.tables';
import { provinceOf } from '../../platform/province';
import { todayInChina } from '../../platform/working-days';
import { assistanceBudgets, assistanceProgrammes, mutualAidEnrolments } from './assistance.tables';
import { type AssistanceDeps, idsOnPath, organisationInScope } from './shared';

export type ProgrammeRow = typeof assistanceProgrammes.$inferSelect;
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

export async function findProgramme(db: Executor, id: number) {
  const [row] = await db
    .select({ programme: assistanceProgrammes, ownerPath: organisations.path, ownerName: organisations.name })
    .from(assistanceProgrammes)
    .innerJoin(organisations, eq(organisations.id, assistanceProgrammes.organisationId))
    .where(eq(assistanceProgrammes.id, id));
  return row;
}

/** Programmes that apply at a union: those run by it or by a federation above it. */
export async function programmesFor(db: Executor, path: string) {
  const rows = await db
    .select({ programme: assistanceProgrammes, ownerName: organisations.name })
    .from(assistanceProgrammes)
    .innerJoin(organisations, eq(organisations.id, assistanceProgrammes.organisationId))
    .where(sql`${organisations.path} @> ${path}::ltree`)
    .orderBy(asc(assistanceProgrammes.closesOn), asc(assistanceProgrammes.id));
  return rows.map((r) => toProgrammeView(r.programme, r.ownerName));
}

/**
 * Programmes a cadre works with: those run inside their scope, and those run above it (which
 * apply to the unions they look after).
 */
export async function listProgrammes(deps: AssistanceDeps, context: RequestContext) {
  const scope = scopeOf(context.actor, 'assistance.read');
  const above = scope.flatMap(idsOnPath);
  const rows = await deps.db
    .select({ programme: assistanceProgrammes, ownerName: organisations.name })
    .from(assistanceProgrammes)
    .innerJoin(organisations, eq(organisations.id, assistanceProgrammes.organisationId))
    .where(sql`(${inSubtrees(organisations.path, scope)} OR ${organisations.id} = ANY(${sql.param(above)}::bigint[]))`)
    .orderBy(sql`${assistanceProgrammes.closesOn} DESC`, asc(assistanceProgrammes.id));
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
  const owner = await organisationInScope(deps.db, context, body.organisationId, 'assistance.programmes');
  const row = await deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(assistanceProgrammes)
      .values({ organisationId: owner.id, ...programmeValues(body), createdBy: context.actor.userId })
      .returning();
    await recordAudit(tx, context, {
      action: 'assistance.programme_create',
      subjectType: 'assistance_programme',
      subjectId: inserted!.id,
      organisationId: owner.id,
      changes: { name: body.name, kind: body.kind, amount: body.amount, rules: body.rules },
    });
    return inserted!;
  });
  return toProgrammeView(row, owner.name);
}

export async function updateProgramme(deps: AssistanceDeps, context: RequestContext, id: number, body: ProgrammeBody) {
  const found = await findProgramme(deps.db, id);
  if (!found || !isWithin(found.ownerPath, scopeOf(context.actor, 'assistance.programmes'))) {
    return refuseOutOfScope(deps.db, context, {
      type: 'assistance_programme',
      id,
      exists: async () => found !== null && found !== undefined,
    });
  }
  if (body.organisationId !== found.programme.organisationId) throw new AppError(422, 'assistance.programme_scope');
  const row = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(assistanceProgrammes)
      .set(programmeValues(body))
      .where(eq(assistanceProgrammes.id, id))
      .returning();
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
    return updated!;
  });
  return toProgrammeView(row, found.ownerName);
}

// ---- budgets ----

/** Sets a programme's budget at an organisation for a year; never below what is already committed. */
export async function setBudget(deps: AssistanceDeps, context: RequestContext, body: z.infer<typeof budgetBodySchema>) {
  const found = await findProgramme(deps.db, body.programmeId);
  if (!found) throw notFound();
  const organisation = await organisationInScope(deps.db, context, body.organisationId, 'assistance.programmes');
  if (!isWithin(organisation.path, [found.ownerPath])) throw new AppError(422, 'assistance.programme_scope');
  const provinceCode = provinceOf(organisation.regionCode);
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(assistanceBudgets)
      .values({
        provinceCode,
        programmeId: body.programmeId,
        organisationId: organisation.id,
        year: body.year,
        amountFen: body.amountFen,
      })
      .onConflictDoUpdate({
        target: [
          assistanceBudgets.programmeId,
          assistanceBudgets.organisationId,
          assistanceBudgets.year,
          assistanceBudgets.provinceCode,
        ],
        set: { amountFen: body.amountFen, updatedAt: new Date() },
        setWhere: sql`${assistanceBudgets.committedFen} <= ${body.amountFen}`,
      })
      .returning();
    if (!row) {
      const [current] = await tx
        .select({ committed: assistanceBudgets.committedFen })
        .from(assistanceBudgets)
        .where(
          and(
            eq(assistanceBudgets.programmeId, body.programmeId),
            eq(assistanceBudgets.organisationId, organisation.id),
            eq(assistanceBudgets.year, body.year),
            eq(assistanceBudgets.provinceCode, provinceCode),
          ),
        );
      throw new AppError(409, 'assistance.budget_below_committed', { committed: formatYuan(current?.committed ?? 0) });
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
    scope = [(await organisationInScope(deps.db, context, query.organisationId, 'assistance.read')).path];
  const conditions: SQL[] = [inSubtrees(organisations.path, scope)];
  if (query.year) conditions.push(eq(assistanceBudgets.year, query.year));
  const rows = await deps.db
    .select({
      budget: assistanceBudgets,
      organisationName: organisations.name,
      programmeName: assistanceProgrammes.name,
    })
    .from(assistanceBudgets)
    .innerJoin(organisations, eq(organisations.id, assistanceBudgets.organisationId))
    .innerJoin(assistanceProgrammes, eq(assistanceProgrammes.id, assistanceBudgets.programmeId))
    .where(and(...conditions))
    .orderBy(sql`${assistanceBudgets.year} DESC`, asc(organisations.path), asc(assistanceProgrammes.id));
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
  const found = await findProgramme(db, id);
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
  const union = await organisationInScope(deps.db, context, body.organisationId, 'assistance.manage');
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
    const inserted = await tx.execute<{ n: number; candidates: number }>(sql`
      WITH candidates AS (
        SELECT id, organisation_id FROM members
        WHERE province_code = ${provinceCode} AND organisation_path <@ ${union.path}::ltree AND status = 'active'
      ), added AS (
        INSERT INTO mutual_aid_enrolments (province_code, programme_id, year, member_id, organisation_id, fee_fen, enrolled_by)
        SELECT ${provinceCode}, ${found.programme.id}, ${body.year}, id, organisation_id, ${feeFen}, ${context.actor.userId}
        FROM candidates
        ON CONFLICT (programme_id, year, member_id, province_code) DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM added)::int AS n, (SELECT count(*) FROM candidates)::int AS candidates`);
    const { n, candidates } = inserted.rows[0]!;
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
  const rows = await deps.db
    .select({
      organisationId: mutualAidEnrolments.organisationId,
      members: sql<number>`count(*)::int`,
      feeFen: sql<number>`sum(${mutualAidEnrolments.feeFen})::bigint`,
    })
    .from(mutualAidEnrolments)
    .innerJoin(organisations, eq(organisations.id, mutualAidEnrolments.organisationId))
    .where(
      and(
        eq(mutualAidEnrolments.programmeId, query.programmeId),
        eq(mutualAidEnrolments.year, query.year),
        inSubtrees(organisations.path, scope),
      ),
    )
    .groupBy(mutualAidEnrolments.organisationId);
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

export async function isEnrolled(
  db: Executor,
  programmeId: number,
  year: number,
  memberId: number,
  provinceCode: string,
) {
  const [row] = await db
    .select({ id: mutualAidEnrolments.id })
    .from(mutualAidEnrolments)
    .where(
      and(
        eq(mutualAidEnrolments.programmeId, programmeId),
        eq(mutualAidEnrolments.year, year),
        eq(mutualAidEnrolments.memberId, memberId),
        eq(mutualAidEnrolments.provinceCode, provinceCode),
      ),
    );
  return Boolean(row);
}

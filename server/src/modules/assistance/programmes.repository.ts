import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { scopedKind } from '../../platform/scope';
import { assistanceBudgets, assistanceProgrammes, mutualAidEnrolments } from './assistance.tables';

// The programme aggregate: a programme with its yearly budgets and its mutual-aid enrolments.

export type ProgrammeRow = typeof assistanceProgrammes.$inferSelect;
export type ProgrammeValues = Omit<typeof assistanceProgrammes.$inferInsert, 'id' | 'organisationId' | 'createdBy'>;
export type BudgetRow = typeof assistanceBudgets.$inferSelect;
type BudgetKey = Pick<BudgetRow, 'programmeId' | 'organisationId' | 'year' | 'provinceCode'>;

/** A programme with the path and name of the organisation that runs it. */
export async function findProgramme(db: Executor, id: number) {
  const [row] = await db
    .select({ programme: assistanceProgrammes, ownerPath: organisations.path, ownerName: organisations.name })
    .from(assistanceProgrammes)
    .innerJoin(organisations, eq(organisations.id, assistanceProgrammes.organisationId))
    .where(eq(assistanceProgrammes.id, id));
  return row;
}

/** Programmes run at a union or at a federation above it, soonest closing first. */
export function programmesAbove(db: Executor, path: string) {
  return db
    .select({ programme: assistanceProgrammes, ownerName: organisations.name })
    .from(assistanceProgrammes)
    .innerJoin(organisations, eq(organisations.id, assistanceProgrammes.organisationId))
    .where(sql`${organisations.path} @> ${path}::ltree`)
    .orderBy(asc(assistanceProgrammes.closesOn), asc(assistanceProgrammes.id));
}

/** Programmes run inside `scope`, or by one of the organisations `aboveIds`, latest closing first. */
export function programmesInOrAbove(db: Executor, scope: readonly string[], aboveIds: readonly number[]) {
  return db
    .select({ programme: assistanceProgrammes, ownerName: organisations.name })
    .from(assistanceProgrammes)
    .innerJoin(organisations, eq(organisations.id, assistanceProgrammes.organisationId))
    .where(
      sql`(${inSubtrees(organisations.path, scope)} OR ${organisations.id} = ANY(${sql.param([...aboveIds])}::bigint[]))`,
    )
    .orderBy(sql`${assistanceProgrammes.closesOn} DESC`, asc(assistanceProgrammes.id));
}

export async function insertProgramme(
  db: Executor,
  values: ProgrammeValues & { organisationId: number; createdBy: string },
) {
  const [row] = await db.insert(assistanceProgrammes).values(values).returning();
  return row!;
}

export async function updateProgramme(db: Executor, id: number, values: ProgrammeValues) {
  const [row] = await db.update(assistanceProgrammes).set(values).where(eq(assistanceProgrammes.id, id)).returning();
  return row!;
}

// ---- budgets ----

const isBudget = (key: BudgetKey) =>
  and(
    eq(assistanceBudgets.programmeId, key.programmeId),
    eq(assistanceBudgets.organisationId, key.organisationId),
    eq(assistanceBudgets.year, key.year),
    eq(assistanceBudgets.provinceCode, key.provinceCode),
  );

/** Sets a budget's amount, unless it would fall below what is committed (then nothing is returned). */
export async function setBudgetAmount(db: Executor, key: BudgetKey, amountFen: number) {
  const [row] = await db
    .insert(assistanceBudgets)
    .values({ ...key, amountFen })
    .onConflictDoUpdate({
      target: [
        assistanceBudgets.programmeId,
        assistanceBudgets.organisationId,
        assistanceBudgets.year,
        assistanceBudgets.provinceCode,
      ],
      set: { amountFen, updatedAt: new Date() },
      setWhere: sql`${assistanceBudgets.committedFen} <= ${amountFen}`,
    })
    .returning();
  return row;
}

export async function committedOf(db: Executor, key: BudgetKey) {
  const [row] = await db
    .select({ committed: assistanceBudgets.committedFen })
    .from(assistanceBudgets)
    .where(isBudget(key));
  return row?.committed ?? 0;
}

/** Budgets in a subtree, with the organisation's and the programme's names. */
export function budgetsIn(db: Executor, scope: readonly string[], year?: number) {
  return db
    .select({
      budget: assistanceBudgets,
      organisationName: organisations.name,
      programmeName: assistanceProgrammes.name,
    })
    .from(assistanceBudgets)
    .innerJoin(organisations, eq(organisations.id, assistanceBudgets.organisationId))
    .innerJoin(assistanceProgrammes, eq(assistanceProgrammes.id, assistanceBudgets.programmeId))
    .where(and(inSubtrees(organisations.path, scope), year ? eq(assistanceBudgets.year, year) : undefined))
    .orderBy(sql`${assistanceBudgets.year} DESC`, asc(organisations.path), asc(assistanceProgrammes.id));
}

/** The budget that pays at a union: the programme's budget for the year there or at the nearest federation above. */
export async function nearestBudget(
  db: Executor,
  at: { programmeId: number; provinceCode: string; organisationIds: readonly number[] },
  year: number,
) {
  const [row] = await db
    .select({ budget: assistanceBudgets, organisationName: organisations.name })
    .from(assistanceBudgets)
    .innerJoin(organisations, eq(organisations.id, assistanceBudgets.organisationId))
    .where(
      and(
        eq(assistanceBudgets.programmeId, at.programmeId),
        eq(assistanceBudgets.year, year),
        eq(assistanceBudgets.provinceCode, at.provinceCode),
        sql`${assistanceBudgets.organisationId} = ANY(${sql.param([...at.organisationIds])}::bigint[])`,
      ),
    )
    .orderBy(sql`nlevel(${organisations.path}) DESC`)
    .limit(1);
  return row;
}

/** Commits `amount` on a budget while it stays within it; false when it would not (the row is locked until commit). */
export async function chargeBudget(db: Executor, budget: Pick<BudgetRow, 'id' | 'provinceCode'>, amount: number) {
  const [charged] = await db
    .update(assistanceBudgets)
    .set({ committedFen: sql`${assistanceBudgets.committedFen} + ${amount}`, updatedAt: new Date() })
    .where(
      and(
        eq(assistanceBudgets.id, budget.id),
        eq(assistanceBudgets.provinceCode, budget.provinceCode),
        sql`${assistanceBudgets.committedFen} + ${amount} <= ${assistanceBudgets.amountFen}`,
      ),
    )
    .returning({ id: assistanceBudgets.id });
  return Boolean(charged);
}

export async function budgetAvailable(db: Executor, budget: Pick<BudgetRow, 'id' | 'provinceCode'>) {
  const [row] = await db
    .select({ amount: assistanceBudgets.amountFen, committed: assistanceBudgets.committedFen })
    .from(assistanceBudgets)
    .where(and(eq(assistanceBudgets.id, budget.id), eq(assistanceBudgets.provinceCode, budget.provinceCode)));
  return (row?.amount ?? 0) - (row?.committed ?? 0);
}

// ---- mutual medical aid enrolment ----

/** Enrols the active members of a subtree for a year; those already enrolled are left as they are. */
export async function enrolSubtree(
  db: Executor,
  at: { provinceCode: string; path: string },
  enrolment: { programmeId: number; year: number; feeFen: number; enrolledBy: string },
) {
  const result = await db.execute<{ n: number; candidates: number }>(sql`
    WITH candidates AS (
      SELECT id, organisation_id FROM members
      WHERE province_code = ${at.provinceCode} AND organisation_path <@ ${at.path}::ltree AND status = 'active'
    ), added AS (
      INSERT INTO mutual_aid_enrolments (province_code, programme_id, year, member_id, organisation_id, fee_fen, enrolled_by)
      SELECT ${at.provinceCode}, ${enrolment.programmeId}, ${enrolment.year}, id, organisation_id, ${enrolment.feeFen}, ${enrolment.enrolledBy}
      FROM candidates
      ON CONFLICT (programme_id, year, member_id, province_code) DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM added)::int AS n, (SELECT count(*) FROM candidates)::int AS candidates`);
  return result.rows[0]!;
}

/** Members enrolled and fees per organisation in a subtree. */
export function enrolmentCounts(db: Executor, scope: readonly string[], programmeId: number, year: number) {
  return db
    .select({
      organisationId: mutualAidEnrolments.organisationId,
      members: sql<number>`count(*)::int`,
      feeFen: sql<number>`sum(${mutualAidEnrolments.feeFen})::bigint`,
    })
    .from(mutualAidEnrolments)
    .innerJoin(organisations, eq(organisations.id, mutualAidEnrolments.organisationId))
    .where(
      and(
        eq(mutualAidEnrolments.programmeId, programmeId),
        eq(mutualAidEnrolments.year, year),
        inSubtrees(organisations.path, scope),
      ),
    )
    .groupBy(mutualAidEnrolments.organisationId);
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

/** A programme run inside the subtrees `scope`. */
async function findProgrammeInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ programme: assistanceProgrammes, ownerPath: organisations.path, ownerName: organisations.name })
    .from(assistanceProgrammes)
    .innerJoin(organisations, eq(organisations.id, assistanceProgrammes.organisationId))
    .where(and(eq(assistanceProgrammes.id, id), inSubtrees(organisations.path, scope)));
  return row;
}

export const PROGRAMME = scopedKind(
  'assistance_programme',
  findProgrammeInScope,
  async (db, id) => (await findProgramme(db, id)) !== undefined,
);

import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { employers, organisations } from '../../platform/organisations.tables';
import { checkoffDiscrepancies, checkoffFiles, duesMonths, duesPayments, members } from './membership.tables';

// The dues aggregate: monthly dues, payments and arrears, and employers' check-off files with their discrepancies.

// ---- dues ----

/** Opens a month for every member on the roll in the subtree; a month already open is left as is. */
export async function openDuesMonth(db: Executor, scope: readonly string[], month: string) {
  const result = await db.execute(sql`
    INSERT INTO ${duesMonths} (member_id, province_code, month, organisation_id, expected_fen)
    SELECT m.id, m.province_code, ${month}::date, m.organisation_id,
      CASE WHEN m.status = 'retained' THEN 0 ELSE m.dues_monthly_fen END
    FROM ${members} m
    WHERE ${inSubtrees(sql`m.organisation_path`, scope)} AND m.status IN ('active','retained','transferring')
      AND m.joined_on < (${month}::date + interval '1 month')
    ON CONFLICT (member_id, month, province_code) DO NOTHING`);
  return result.rowCount ?? 0;
}

export async function lockDuesMonth(db: Executor, memberId: number, month: string) {
  const [row] = await db
    .select()
    .from(duesMonths)
    .where(and(eq(duesMonths.memberId, memberId), eq(duesMonths.month, month)))
    .for('update');
  return row ?? null;
}

/** Records a payment once per idempotency key; returns null if the key was already used. */
export async function insertDuesPayment(db: Executor, values: typeof duesPayments.$inferInsert) {
  const [row] = await db.insert(duesPayments).values(values).onConflictDoNothing().returning({ id: duesPayments.id });
  return row ?? null;
}

export async function addPaidFen(db: Executor, memberId: number, month: string, amountFen: number) {
  const [row] = await db
    .update(duesMonths)
    .set({ paidFen: sql`${duesMonths.paidFen} + ${amountFen}` })
    .where(and(eq(duesMonths.memberId, memberId), eq(duesMonths.month, month)))
    .returning();
  return row!;
}

export async function listDuesMonths(db: Executor, memberId: number) {
  return db.select().from(duesMonths).where(eq(duesMonths.memberId, memberId)).orderBy(desc(duesMonths.month));
}

export async function listArrears(db: Executor, scope: readonly string[], page: number, pageSize: number) {
  const owing = db
    .select({
      memberId: duesMonths.memberId,
      provinceCode: duesMonths.provinceCode,
      monthsOwed: sql<number>`count(*)::int`.as('months_owed'),
      owedFen: sql<number>`sum(${duesMonths.expectedFen} - ${duesMonths.paidFen})::int`.as('owed_fen'),
      oldestMonth: sql<string>`min(${duesMonths.month})::text`.as('oldest_month'),
    })
    .from(duesMonths)
    .innerJoin(members, and(eq(members.id, duesMonths.memberId), eq(members.provinceCode, duesMonths.provinceCode)))
    .where(and(inSubtrees(members.organisationPath, scope), sql`${duesMonths.paidFen} < ${duesMonths.expectedFen}`))
    .groupBy(duesMonths.memberId, duesMonths.provinceCode)
    .as('owing');
  const [rows, totals] = await Promise.all([
    db
      .select({
        owing: {
          memberId: owing.memberId,
          monthsOwed: owing.monthsOwed,
          owedFen: owing.owedFen,
          oldestMonth: owing.oldestMonth,
        },
        memberNumber: members.memberNumber,
        name: members.name,
        organisationName: organisations.name,
      })
      .from(owing)
      .innerJoin(members, and(eq(members.id, owing.memberId), eq(members.provinceCode, owing.provinceCode)))
      .innerJoin(organisations, eq(organisations.id, members.organisationId))
      .orderBy(desc(owing.owedFen), asc(owing.memberId))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(owing),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

// ---- check-off ----

/** Members of one employer within the scope, with that month's expected dues if opened. */
export async function listEmployerMembersForMonth(
  db: Executor,
  employerId: number,
  scope: readonly string[],
  month: string,
) {
  return db
    .select({
      id: members.id,
      name: members.name,
      idNumberHash: members.idNumberHash,
      idNumberEnc: members.idNumberEnc,
      organisationId: members.organisationId,
      status: members.status,
      expectedFen: duesMonths.expectedFen,
      paidFen: duesMonths.paidFen,
    })
    .from(members)
    .leftJoin(
      duesMonths,
      and(
        eq(duesMonths.memberId, members.id),
        eq(duesMonths.provinceCode, members.provinceCode),
        eq(duesMonths.month, month),
      ),
    )
    .where(
      and(
        eq(members.employerId, employerId),
        inSubtrees(members.organisationPath, scope),
        inArray(members.status, ['active', 'retained', 'transferring']),
      ),
    );
}

export async function insertCheckoffFile(db: Executor, values: typeof checkoffFiles.$inferInsert) {
  const [row] = await db.insert(checkoffFiles).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateCheckoffFile(db: Executor, id: number, values: Partial<typeof checkoffFiles.$inferInsert>) {
  await db.update(checkoffFiles).set(values).where(eq(checkoffFiles.id, id));
}

export async function insertDiscrepancies(db: Executor, rows: (typeof checkoffDiscrepancies.$inferInsert)[]) {
  if (rows.length > 0) await db.insert(checkoffDiscrepancies).values(rows);
}

const fileOrganisation = alias(organisations, 'file_organisation');
const openCount = sql<number>`(SELECT count(*)::int FROM checkoff_discrepancies d WHERE d.file_id = "checkoff_files"."id" AND d.status = 'open')`;

export async function listCheckoffFiles(db: Executor, scope: readonly string[], page: number, pageSize: number) {
  const where = inSubtrees(fileOrganisation.path, scope);
  const [rows, totals] = await Promise.all([
    db
      .select({ file: checkoffFiles, employerName: employers.name, openDiscrepancies: openCount })
      .from(checkoffFiles)
      .innerJoin(fileOrganisation, eq(fileOrganisation.id, checkoffFiles.organisationId))
      .innerJoin(
        employers,
        and(eq(employers.id, checkoffFiles.employerId), eq(employers.provinceCode, checkoffFiles.provinceCode)),
      )
      .where(where)
      .orderBy(desc(checkoffFiles.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(checkoffFiles)
      .innerJoin(fileOrganisation, eq(fileOrganisation.id, checkoffFiles.organisationId))
      .where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function findCheckoffFileInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ file: checkoffFiles, employerName: employers.name, openDiscrepancies: openCount })
    .from(checkoffFiles)
    .innerJoin(fileOrganisation, eq(fileOrganisation.id, checkoffFiles.organisationId))
    .innerJoin(
      employers,
      and(eq(employers.id, checkoffFiles.employerId), eq(employers.provinceCode, checkoffFiles.provinceCode)),
    )
    .where(and(eq(checkoffFiles.id, id), inSubtrees(fileOrganisation.path, scope)));
  return row ?? null;
}

const discrepancyOrganisation = alias(organisations, 'discrepancy_organisation');
const discrepancyMember = alias(members, 'discrepancy_member');

export async function listDiscrepancies(
  db: Executor,
  filter: { scope: readonly string[]; fileId?: number; status?: string },
  page: number,
  pageSize: number,
) {
  const where = and(
    inSubtrees(discrepancyOrganisation.path, filter.scope),
    filter.fileId ? eq(checkoffDiscrepancies.fileId, filter.fileId) : undefined,
    filter.status ? eq(checkoffDiscrepancies.status, filter.status) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db
      .select({ discrepancy: checkoffDiscrepancies, memberNumber: discrepancyMember.memberNumber })
      .from(checkoffDiscrepancies)
      .innerJoin(discrepancyOrganisation, eq(discrepancyOrganisation.id, checkoffDiscrepancies.organisationId))
      .leftJoin(discrepancyMember, eq(discrepancyMember.id, checkoffDiscrepancies.memberId))
      .where(where)
      .orderBy(asc(checkoffDiscrepancies.fileId), asc(checkoffDiscrepancies.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(checkoffDiscrepancies)
      .innerJoin(discrepancyOrganisation, eq(discrepancyOrganisation.id, checkoffDiscrepancies.organisationId))
      .where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function lockDiscrepancyInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ discrepancy: checkoffDiscrepancies, month: checkoffFiles.month })
    .from(checkoffDiscrepancies)
    .innerJoin(discrepancyOrganisation, eq(discrepancyOrganisation.id, checkoffDiscrepancies.organisationId))
    .innerJoin(
      checkoffFiles,
      and(
        eq(checkoffFiles.id, checkoffDiscrepancies.fileId),
        eq(checkoffFiles.provinceCode, checkoffDiscrepancies.provinceCode),
      ),
    )
    .where(and(eq(checkoffDiscrepancies.id, id), inSubtrees(discrepancyOrganisation.path, scope)))
    .for('update', { of: checkoffDiscrepancies });
  return row ?? null;
}

export async function discrepancyExists(db: Executor, id: number) {
  const [row] = await db
    .select({ id: checkoffDiscrepancies.id })
    .from(checkoffDiscrepancies)
    .where(eq(checkoffDiscrepancies.id, id));
  return Boolean(row);
}

export async function updateDiscrepancy(
  db: Executor,
  id: number,
  values: Partial<typeof checkoffDiscrepancies.$inferInsert>,
) {
  await db.update(checkoffDiscrepancies).set(values).where(eq(checkoffDiscrepancies.id, id));
}

export async function seedPaidDues(db: Executor, months: string[]) {
  for (const month of months) {
    await db.execute(sql`
      INSERT INTO ${duesMonths} (member_id, province_code, month, organisation_id, expected_fen)
      SELECT id, province_code, ${month}::date, organisation_id,
        CASE WHEN status = 'retained' THEN 0 ELSE dues_monthly_fen END
      FROM ${members} WHERE status IN ('active','retained') AND joined_on < ${month}::date + interval '1 month'
      ON CONFLICT DO NOTHING`);
    await db.execute(sql`
      INSERT INTO ${duesPayments} (member_id, province_code, month, amount_fen, source, idempotency_key)
      SELECT member_id, province_code, month, expected_fen, 'manual', 'seed:' || member_id || ':' || month
      FROM ${duesMonths} WHERE month = ${month}::date AND expected_fen > 0 AND member_id % 9 <> 0`);
    await db.execute(sql`
      UPDATE ${duesMonths} SET paid_fen = expected_fen WHERE month = ${month}::date AND member_id % 9 <> 0`);
  }
}

/** The member's account holds the member role at their union, so the app shows it as theirs. */

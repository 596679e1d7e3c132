import { and, eq, gte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { rightsCases, rightsTallies } from './rights.tables';

// The rights dashboard reads the tallies, never the cases; the employer flags read the cases.

const SUMS = {
  opened: sql<number>`sum(${rightsTallies.opened})::int`,
  open: sql<number>`sum(${rightsTallies.open})::int`,
  overdue: sql<number>`sum(${rightsTallies.overdue})::int`,
  closed: sql<number>`sum(${rightsTallies.closed})::int`,
  closedOnTime: sql<number>`sum(${rightsTallies.closedOnTime})::int`,
  rated: sql<number>`sum(${rightsTallies.rated})::int`,
  ratingSum: sql<number>`sum(${rightsTallies.ratingSum})::int`,
  satisfied: sql<number>`sum(${rightsTallies.satisfied})::int`,
};

/** An organisation's tallies: open and overdue now; the months from `from` in all, by category and by month. */
export function tallySums(db: Executor, organisationId: number, from: string) {
  const own = eq(rightsTallies.organisationId, organisationId);
  const inWindow = and(own, gte(rightsTallies.month, from));
  return Promise.all([
    db.select({ open: SUMS.open, overdue: SUMS.overdue }).from(rightsTallies).where(own),
    db.select(SUMS).from(rightsTallies).where(inWindow),
    db
      .select({ category: rightsTallies.category, ...SUMS })
      .from(rightsTallies)
      .where(inWindow)
      .groupBy(rightsTallies.category)
      .orderBy(rightsTallies.category),
    db
      .select({ month: rightsTallies.month, ...SUMS })
      .from(rightsTallies)
      .where(inWindow)
      .groupBy(rightsTallies.month)
      .orderBy(rightsTallies.month),
  ]);
}

/** Employers with at least `reports` wage-arrears reports in 12 months, in the scope, most first. */
export async function employersReportedRepeatedly(db: Executor, scope: readonly string[], reports: number) {
  const result = await db.execute<{
    employer_name: string;
    uscc: string | null;
    reports: number;
    workers: number;
    owed: string;
    last: Date;
  }>(sql`
    SELECT max(details->'employer'->>'name') AS employer_name, max(details->'employer'->>'uscc') AS uscc,
      count(*)::int AS reports, coalesce(sum((details->>'workersAffected')::int), 0)::int AS workers,
      coalesce(sum((details->>'amountOwedFen')::bigint), 0)::bigint AS owed, max(created_at) AS last
    FROM ${rightsCases}
    WHERE kind = 'wage_arrears' AND employer_key IS NOT NULL AND created_at > now() - interval '12 months'
      AND ${inSubtrees(sql`organisation_path`, scope)}
    GROUP BY province_code, employer_key HAVING count(*) >= ${reports}
    ORDER BY count(*) DESC, max(created_at) DESC LIMIT 200`);
  return result.rows;
}

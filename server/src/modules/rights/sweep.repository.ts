import { MEDIATION_DAYS } from '@gonghui/contract';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';

// The deadline sweep's statements: set-based, over every open case (or those of a scope).

/** Cases in the given subtrees, or all of them (`null`: the daily job). */
const within = (path: SQL, scope: readonly string[] | null) => (scope ? inSubtrees(path, scope) : sql`true`);

/** Warns the handler (or the holding desk's dispatchers) of each case reaching its warning day. */
export async function warnDue(tx: Executor, today: string, dispatchRoles: string[], scope: readonly string[] | null) {
  const inScope = within(sql`organisation_path`, scope);
  const result = await tx.execute<{ n: number }>(sql`
    WITH w AS (
      UPDATE rights_cases SET warned_at = now()
      WHERE closed_at IS NULL AND warned_at IS NULL AND warn_on <= ${today} AND ${inScope}
      RETURNING id, province_code, handler_user_id, organisation_id
    ), n AS (
      INSERT INTO rights_notifications (province_code, case_id, user_id, kind)
      SELECT province_code, id, handler_user_id, 'due_soon' FROM w WHERE handler_user_id IS NOT NULL
      UNION
      SELECT w.province_code, w.id, r.user_id, 'due_soon' FROM w
        JOIN role_assignments r ON r.organisation_id = w.organisation_id AND r.role IN ${dispatchRoles}
        WHERE w.handler_user_id IS NULL
    )
    SELECT count(*)::int AS n FROM w`);
  return result.rows[0]?.n ?? 0;
}

/** Marks overdue cases and escalates each one level up, telling the dispatchers there. */
export async function escalateOverdue(
  tx: Executor,
  today: string,
  next: string,
  dispatchRoles: string[],
  scope: readonly string[] | null,
) {
  const inScope = within(sql`c.organisation_path`, scope);
  const result = await tx.execute<{ n: number }>(sql`
    WITH due AS (
      SELECT c.id, c.province_code, o.parent_id AS target
      FROM rights_cases c JOIN organisations o ON o.id = coalesce(c.escalated_to_id, c.organisation_id)
      WHERE c.closed_at IS NULL AND c.next_escalation_on <= ${today} AND ${inScope}
    ), e AS (
      UPDATE rights_cases c SET
        overdue = true,
        escalation_level = c.escalation_level + (d.target IS NOT NULL)::int,
        escalated_to_id = coalesce(d.target, c.escalated_to_id),
        next_escalation_on = CASE WHEN d.target IS NULL THEN NULL ELSE ${next}::date END
      FROM due d
      WHERE c.id = d.id AND c.province_code = d.province_code AND c.closed_at IS NULL
      RETURNING c.id, c.province_code, d.target
    ), ev AS (
      INSERT INTO rights_case_events (province_code, case_id, action, organisation_id, public)
      SELECT province_code, id, 'escalate', target, false FROM e WHERE target IS NOT NULL
    ), n AS (
      INSERT INTO rights_notifications (province_code, case_id, user_id, kind)
      SELECT DISTINCT e.province_code, e.id, r.user_id, 'escalated' FROM e
        JOIN role_assignments r ON r.organisation_id = e.target AND r.role IN ${dispatchRoles}
    )
    SELECT count(*) FILTER (WHERE target IS NOT NULL)::int AS n FROM e`);
  return result.rows[0]?.n ?? 0;
}

/** Tells each worker whose mediation passed its days that they may apply for arbitration (once). */
export async function notifyMediationExpired(tx: Executor, today: string, scope: readonly string[] | null) {
  const inScope = within(sql`c.organisation_path`, scope);
  await tx.execute(sql`
    INSERT INTO rights_notifications (province_code, case_id, user_id, kind)
    SELECT c.province_code, c.id, c.reporter_user_id, 'mediation_expired' FROM rights_cases c
    WHERE c.closed_at IS NULL AND c.kind = 'mediation' AND c.reporter_user_id IS NOT NULL
      AND (c.details->>'requestedOn')::date + ${MEDIATION_DAYS}::int < ${today}::date AND ${inScope}
      AND NOT EXISTS (SELECT 1 FROM rights_notifications n WHERE n.case_id = c.id
        AND n.province_code = c.province_code AND n.kind = 'mediation_expired')`);
}

import { MEDIATION_DAYS } from '@gonghui/contract';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';

// The deadline sweep's statements: set-based, over every open case (or those of a scope). Each
// answers whom to tell about which case; the sweep tells them through the message centre.

/** A case and a person to tell about it. */
export type Told = {
  case_id: number;
  organisation_id: number;
  user_id: string;
};

/** Cases in the given subtrees, or all of them (`null`: the daily job). */
const within = (path: SQL, scope: readonly string[] | null) => (scope ? inSubtrees(path, scope) : sql`true`);

/** Marks each case reaching its warning day; its handler (or the holding desk's dispatchers) is to be told. */
export async function warnDue(tx: Executor, today: string, dispatchRoles: string[], scope: readonly string[] | null) {
  const inScope = within(sql`organisation_path`, scope);
  const result = await tx.execute<Told & { warned: number }>(sql`
    WITH w AS (
      UPDATE rights_cases SET warned_at = now()
      WHERE closed_at IS NULL AND warned_at IS NULL AND warn_on <= ${today} AND ${inScope}
      RETURNING id, province_code, handler_user_id, organisation_id
    ), told AS (
      SELECT id AS case_id, organisation_id, handler_user_id AS user_id FROM w WHERE handler_user_id IS NOT NULL
      UNION
      SELECT w.id, w.organisation_id, r.user_id FROM w
        JOIN role_assignments r ON r.organisation_id = w.organisation_id AND r.role IN ${dispatchRoles}
        WHERE w.handler_user_id IS NULL
    )
    SELECT told.*, (SELECT count(*)::int FROM w) AS warned FROM (SELECT 1) one LEFT JOIN told ON true`);
  return {
    warned: result.rows[0]?.warned ?? 0,
    told: result.rows.filter((row) => row.user_id !== null),
  };
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
  const result = await tx.execute<Told & { escalated: number }>(sql`
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
    ), told AS (
      SELECT DISTINCT e.id AS case_id, e.target AS organisation_id, r.user_id FROM e
        JOIN role_assignments r ON r.organisation_id = e.target AND r.role IN ${dispatchRoles}
    )
    SELECT told.*, (SELECT count(*) FILTER (WHERE target IS NOT NULL)::int FROM e) AS escalated
    FROM (SELECT 1) one LEFT JOIN told ON true`);
  return {
    escalated: result.rows[0]?.escalated ?? 0,
    told: result.rows.filter((row) => row.user_id !== null),
  };
}

/**
 * The workers whose open mediation has passed its days, to be told they may apply for arbitration
 * (the message centre tells each once).
 */
export async function mediationsExpired(tx: Executor, today: string, scope: readonly string[] | null) {
  const inScope = within(sql`c.organisation_path`, scope);
  const result = await tx.execute<Told>(sql`
    SELECT c.id AS case_id, c.organisation_id, c.reporter_user_id AS user_id FROM rights_cases c
    WHERE c.closed_at IS NULL AND c.kind = 'mediation' AND c.reporter_user_id IS NOT NULL
      AND (c.details->>'requestedOn')::date + ${MEDIATION_DAYS}::int < ${today}::date AND ${inScope}`);
  return result.rows;
}

import { rolesHolding } from '../../platform/access';
import { calendarOverrides } from '../../platform/calendar.repository';
import { addWorkingDays, todayInChina } from '../../platform/working-days';
import { type CaseMessageKind, caseNotice, notifyMany } from './case-messages';
import type { RightsDeps } from './case-rules';
import * as repo from './sweep.repository';

/**
 * The daily deadline sweep, set-based so it stays fast over every open case:
 * - a case reaching its warning day (the working day before it is due) warns its handler, or the
 *   desk holding it when nobody handles it yet;
 * - a case past its due date is marked overdue and escalates to the parent of the organisation it
 *   last escalated to (first: of its handling organisation); the dispatchers there are told. It
 *   escalates again after a few more working days while it stays open;
 * - a mediation 15 days past its request tells the worker they may apply for arbitration.
 */
export async function sweepDeadlines(
  deps: Pick<RightsDeps, 'db' | 'config' | 'rolePermissions'>,
  now = new Date(),
  /** Only the cases in these subtrees (a cadre running it by hand); the daily job sweeps all. */
  scope: readonly string[] | null = null,
) {
  const today = todayInChina(now);
  const next = addWorkingDays(today, deps.config.rights.reescalateWorkingDays, await calendarOverrides(deps.db));
  const dispatchRoles = rolesHolding(deps.rolePermissions, 'rights.dispatch');
  return deps.db.transaction(async (tx) => {
    const { warned, told: warnedTold } = await repo.warnDue(tx, today, dispatchRoles, scope);
    const { escalated, told: escalatedTold } = await repo.escalateOverdue(tx, today, next, dispatchRoles, scope);
    const expired = await repo.mediationsExpired(tx, today, scope);
    // One notice per case, to everyone to be told of it.
    const notices = (told: repo.Told[], kind: CaseMessageKind, to: 'reporter' | 'cadre', once = false) => {
      const byCase = new Map<number, repo.Told[]>();
      for (const row of told) byCase.set(Number(row.case_id), [...(byCase.get(Number(row.case_id)) ?? []), row]);
      return [...byCase].map(([id, rows]) =>
        caseNotice(
          { id, organisationId: Number(rows[0]!.organisation_id) },
          rows.map((row) => row.user_id),
          kind,
          to,
          once,
        ),
      );
    };
    await notifyMany(
      tx,
      [
        ...notices(warnedTold, 'due_soon', 'cadre'),
        ...notices(escalatedTold, 'escalated', 'cadre'),
        ...notices(expired, 'mediation_expired', 'reporter', true),
      ],
      now,
    );
    return { warned, escalated };
  });
}

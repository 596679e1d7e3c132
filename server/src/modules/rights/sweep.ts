import { rolesHolding } from '../../platform/access';
import { calendarOverrides } from '../../platform/calendar.repository';
import { addWorkingDays, todayInChina } from '../../platform/working-days';
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
    const warned = await repo.warnDue(tx, today, dispatchRoles, scope);
    const escalated = await repo.escalateOverdue(tx, today, next, dispatchRoles, scope);
    await repo.notifyMediationExpired(tx, today, scope);
    return { warned, escalated };
  });
}

import { homeOrganisationOf, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import * as calendar from '../../platform/calendar.repository';
import type { MembershipDeps } from './members.service';

export async function listCalendarDays(deps: MembershipDeps) {
  const rows = await calendar.listCalendarOverrides(deps.db);
  return { items: rows.map((r) => ({ day: r.day, kind: r.kind as 'holiday', name: r.name })) };
}

/**
 * A federation declares a public holiday (or a make-up working day) that the built-in official
 * calendar does not have yet; reply due dates computed afterwards honour it.
 */
export async function putCalendarDay(
  deps: MembershipDeps,
  context: RequestContext,
  day: { day: string; kind: 'holiday' | 'workday'; name: string },
) {
  await deps.db.transaction(async (tx) => {
    await calendar.upsertCalendarDay(tx, day);
    await recordAudit(tx, context, {
      action: 'calendar.set',
      subjectType: 'calendar_day',
      subjectId: day.day,
      organisationId: homeOrganisationOf(context.actor),
      changes: { ...day },
    });
  });
  return listCalendarDays(deps);
}

export async function deleteCalendarDay(deps: MembershipDeps, context: RequestContext, day: string) {
  await deps.db.transaction(async (tx) => {
    await calendar.deleteCalendarDay(tx, day);
    await recordAudit(tx, context, {
      action: 'calendar.delete',
      subjectType: 'calendar_day',
      subjectId: day,
      organisationId: homeOrganisationOf(context.actor),
    });
  });
  return listCalendarDays(deps);
}

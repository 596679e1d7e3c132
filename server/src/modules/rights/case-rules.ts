import { addDays, type CaseDetails, type CaseKind, DETAIL_FIELDS, type DeadlineClass } from '@gonghui/contract';
import { calendarOverrides } from '../../platform/calendar.repository';
import type { AppDeps } from '../../platform/deps';
import type { FieldProblem } from '../../platform/errors';
import { addWorkingDays } from '../../platform/working-days';

// The rules every rights use case applies: deadlines in working days, details by case type.

export type RightsDeps = Pick<AppDeps, 'db' | 'cipher' | 'config' | 'rolePermissions'>;

// ---- deadlines ----

export async function deadlinesFrom(
  deps: Pick<RightsDeps, 'db' | 'config'>,
  acceptedOn: string,
  deadlineClass: DeadlineClass,
) {
  const overrides = await calendarOverrides(deps.db);
  const days = deps.config.rights.deadlineDays[deadlineClass];
  const dueOn = addWorkingDays(acceptedOn, days, overrides);
  const warnOn = days > 1 ? addWorkingDays(acceptedOn, days - 1, overrides) : acceptedOn;
  // Overdue, and so escalated, from the day after it was due.
  return { dueOn, warnOn, nextEscalationOn: addDays(dueOn, 1) };
}

export function checkDetails(kind: CaseKind, details: CaseDetails | undefined): FieldProblem[] {
  const allowed = new Set<string>(DETAIL_FIELDS[kind]);
  return Object.keys(details ?? {})
    .filter((key) => !allowed.has(key))
    .map((key) => ({ field: `details.${key}`, messageKey: 'validation.rights.notForKind' }));
}

export function employerKeyOf(kind: CaseKind, details: CaseDetails): string | null {
  if (kind !== 'wage_arrears' || !details.employer) return null;
  return details.employer.uscc ?? details.employer.name.replace(/\s+/g, '');
}

/** Federations that receive reports (the "desks"): city and county federations, open. */

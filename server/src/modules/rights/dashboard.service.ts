import { SMALL_COUNT } from '@gonghui/contract';
import { type RequestContext, scopeOf } from '../../platform/access';
import { loadInScope, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import type { RightsDeps } from './case-rules';
import { EMPLOYER_FLAG_REPORTS } from './case-views';
import * as repo from './dashboard.repository';

type Sums = {
  opened: number;
  open: number;
  overdue: number;
  closed: number;
  closedOnTime: number;
  rated: number;
  ratingSum: number;
  satisfied: number;
};

/** A count that could point at a person (1 to 4) is shown as "<5". */
const suppress = (n: number) => (n > 0 && n < SMALL_COUNT ? ('<5' as const) : n);
const percent = (part: number, whole: number) => (whole >= SMALL_COUNT ? Math.round((part * 1000) / whole) / 10 : null);

function figures(s: Sums) {
  return {
    opened: suppress(s.opened),
    open: suppress(s.open),
    overdue: suppress(s.overdue),
    closed: suppress(s.closed),
    closedOnTimePercent: percent(s.closedOnTime, s.closed),
    rated: suppress(s.rated),
    averageRating: s.rated >= SMALL_COUNT ? Math.round((s.ratingSum * 100) / s.rated) / 100 : null,
    satisfiedPercent: percent(s.satisfied, s.rated),
  };
}

/** The first month of a window of `months` ending with this month in China, as YYYY-MM. */
function monthsBack(months: number) {
  const [year, month] = todayInChina().split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 - (months - 1), 1)).toISOString().slice(0, 7);
}

/**
 * Cases of a subtree from the tallies (never the cases themselves): in the totals, open and overdue
 * now; otherwise the cases accepted in the months asked for (opened, still open, closed, on time,
 * satisfaction), by category and by month.
 */
export async function dashboard(
  deps: RightsDeps,
  context: RequestContext,
  query: { organisationId: number; months: number },
) {
  const org = await loadInScope(deps.db, context, ORGANISATION_ANY_STATUS, query.organisationId, 'rights.statistics');
  const from = monthsBack(query.months);
  const [now, window, byCategory, byMonth] = await repo.tallySums(deps.db, org.id, from);
  const zero = (s: Partial<Sums> | undefined): Sums => ({
    opened: s?.opened ?? 0,
    open: s?.open ?? 0,
    overdue: s?.overdue ?? 0,
    closed: s?.closed ?? 0,
    closedOnTime: s?.closedOnTime ?? 0,
    rated: s?.rated ?? 0,
    ratingSum: s?.ratingSum ?? 0,
    satisfied: s?.satisfied ?? 0,
  });
  return {
    organisationId: org.id,
    organisationName: org.name,
    totals: figures({ ...zero(window[0]), open: now[0]?.open ?? 0, overdue: now[0]?.overdue ?? 0 }),
    byCategory: byCategory.map((r) => ({ category: r.category as 'help', ...figures(zero(r)) })),
    byMonth: byMonth.map((r) => ({ month: r.month, ...figures(zero(r)) })),
  };
}

/** Employers with repeated wage-arrears reports in 12 months, in the cadre's scope. */
export async function employerFlags(deps: RightsDeps, context: RequestContext) {
  const scope = scopeOf(context.actor, 'rights.read');
  const result = await repo.employersReportedRepeatedly(deps.db, scope, EMPLOYER_FLAG_REPORTS);
  return {
    items: result.map((r) => ({
      employerName: r.employer_name,
      uscc: r.uscc,
      reports: r.reports,
      workersAffected: r.workers,
      amountOwedFen: Number(r.owed),
      lastReportedAt: new Date(r.last).toISOString(),
    })),
  };
}

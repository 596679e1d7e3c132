import {
  type assistanceStatsQuerySchema,
  HARDSHIP_CAUSES,
  HARDSHIP_TIERS,
  type HardshipCause,
  type HardshipTier,
  suppressSmall,
} from '@gonghui/contract';
import type { z } from 'zod';
import type { RequestContext } from '../../platform/access';
import { scopeOf } from '../../platform/access';
import { findOrganisation } from '../../platform/organisation-tree.repository';
import { loadInScope, ORGANISATION } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import type { AssistanceDeps } from './shared';
import * as repo from './statistics.repository';

/**
 * Assistance in a subtree for a year: open files by tier and cause, applications and approvals per
 * programme, money committed and paid per programme and month. Counts under 5 are shown as "<5".
 */
export async function assistanceStatistics(
  deps: AssistanceDeps,
  context: RequestContext,
  query: z.infer<typeof assistanceStatsQuerySchema>,
) {
  const scope = scopeOf(context.actor, 'assistance.statistics');
  const root = query.organisationId
    ? await loadInScope(deps.db, context, ORGANISATION, query.organisationId, 'assistance.statistics')
    : await findOrganisation(deps.db, Number(scope[0]!.split('.').pop()));
  const path = root!.path;
  const year = query.year ?? Number(todayInChina().slice(0, 4));
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const [tiers, causes, programmes, months] = await repo.yearFigures(deps.db, path, from, to);
  const tierCount = new Map(tiers.rows.map((r) => [r.tier, r.n]));
  const causeCount = new Map(causes.rows.map((r) => [r.cause, r.n]));
  return {
    organisationName: root!.name,
    year,
    filesByTier: HARDSHIP_TIERS.map((tier: HardshipTier) => ({ tier, count: suppressSmall(tierCount.get(tier) ?? 0) })),
    filesByCause: HARDSHIP_CAUSES.map((cause: HardshipCause) => ({
      cause,
      count: suppressSmall(causeCount.get(cause) ?? 0),
    })),
    programmes: programmes.rows.map((r) => ({
      programmeId: Number(r.programme_id),
      programmeName: r.name,
      applications: suppressSmall(r.applications),
      approved: suppressSmall(r.approved),
      rejected: suppressSmall(r.rejected),
      committedFen: Number(r.committed),
      paidFen: Number(r.paid),
    })),
    byMonth: Array.from({ length: 12 }, (_, i) => {
      const month = `${year}-${String(i + 1).padStart(2, '0')}`;
      const of = (kind: 'approved' | 'paid') =>
        Number(months.rows.find((r) => r.month === month && r.kind === kind)?.fen ?? 0);
      return { month, approvedFen: of('approved'), paidFen: of('paid') };
    }),
  };
}

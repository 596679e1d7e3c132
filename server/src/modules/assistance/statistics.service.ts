import {
  type assistanceStatsQuerySchema,
  HARDSHIP_CAUSES,
  HARDSHIP_TIERS,
  type HardshipCause,
  type HardshipTier,
  suppressSmall,
} from '@gonghui/contract';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { RequestContext } from '../../platform/access';
import { scopeOf } from '../../platform/access';
import { findOrganisation } from '../../platform/organisation-tree.repository';
import { todayInChina } from '../../platform/working-days';
import { type AssistanceDeps, organisationInScope } from './shared';

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
    ? await organisationInScope(deps.db, context, query.organisationId, 'assistance.statistics')
    : await findOrganisation(deps.db, Number(scope[0]!.split('.').pop()));
  const path = root!.path;
  const year = query.year ?? Number(todayInChina().slice(0, 4));
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const db = deps.db;
  const [tiers, causes, programmes, months] = await Promise.all([
    db.execute<{ tier: string; n: number }>(sql`
      SELECT tier, count(*)::int AS n FROM hardship_files
      WHERE status = 'open' AND organisation_path <@ ${path}::ltree GROUP BY tier`),
    db.execute<{ cause: string; n: number }>(sql`
      SELECT primary_cause AS cause, count(*)::int AS n FROM hardship_files
      WHERE status = 'open' AND organisation_path <@ ${path}::ltree GROUP BY primary_cause`),
    db.execute<{
      programme_id: number;
      name: string;
      applications: number;
      approved: number;
      rejected: number;
      committed: string;
      paid: string;
    }>(sql`
      SELECT a.programme_id, p.name,
        count(*) FILTER (WHERE a.stage <> 'draft')::int AS applications,
        count(*) FILTER (WHERE a.stage = 'approved')::int AS approved,
        count(*) FILTER (WHERE a.stage = 'rejected')::int AS rejected,
        coalesce(sum(pay.amount_fen) FILTER (WHERE pay.status <> 'cancelled'), 0) AS committed,
        coalesce(sum(pay.amount_fen) FILTER (WHERE pay.status = 'paid'), 0) AS paid
      FROM assistance_applications a
      JOIN assistance_programmes p ON p.id = a.programme_id
      LEFT JOIN assistance_payments pay ON pay.application_id = a.id AND pay.province_code = a.province_code
      WHERE a.organisation_path <@ ${path}::ltree AND a.created_at >= ${from}::date AND a.created_at < ${to}::date
      GROUP BY a.programme_id, p.name ORDER BY a.programme_id`),
    db.execute<{ month: string; kind: 'approved' | 'paid'; fen: string }>(sql`
      SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, kind, sum(amount_fen) AS fen
      FROM (
        SELECT a.approved_at AS at, 'approved' AS kind, pay.amount_fen
        FROM assistance_payments pay
        JOIN assistance_applications a ON a.id = pay.application_id AND a.province_code = pay.province_code
        WHERE pay.status <> 'cancelled' AND a.organisation_path <@ ${path}::ltree
        UNION ALL
        SELECT pay.paid_at, 'paid', pay.amount_fen
        FROM assistance_payments pay
        JOIN assistance_applications a ON a.id = pay.application_id AND a.province_code = pay.province_code
        WHERE pay.status = 'paid' AND a.organisation_path <@ ${path}::ltree
      ) money
      WHERE at >= ${from}::date - interval '8 hours' AND at < ${to}::date - interval '8 hours'
      GROUP BY 1, 2`),
  ]);
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

import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';

/**
 * Assistance figures of a subtree (`path`) for the dates from `from` up to `to`: open files by tier
 * and by cause, applications and money per programme, money approved and paid by month.
 */
export function yearFigures(db: Executor, path: string, from: string, to: string) {
  return Promise.all([
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
}

-- yearFigures
SELECT tier, count(*)::int AS n FROM hardship_files
      WHERE status = 'open' AND organisation_path <@ $1::ltree GROUP BY tier;

SELECT primary_cause AS cause, count(*)::int AS n FROM hardship_files
      WHERE status = 'open' AND organisation_path <@ $1::ltree GROUP BY primary_cause;

SELECT a.programme_id, p.name,
        count(*) FILTER (WHERE a.stage <> 'draft')::int AS applications,
        count(*) FILTER (WHERE a.stage = 'approved')::int AS approved,
        count(*) FILTER (WHERE a.stage = 'rejected')::int AS rejected,
        coalesce(sum(pay.amount_fen) FILTER (WHERE pay.status <> 'cancelled'), 0) AS committed,
        coalesce(sum(pay.amount_fen) FILTER (WHERE pay.status = 'paid'), 0) AS paid
      FROM assistance_applications a
      JOIN assistance_programmes p ON p.id = a.programme_id
      LEFT JOIN assistance_payments pay ON pay.application_id = a.id AND pay.province_code = a.province_code
      WHERE a.organisation_path <@ $1::ltree AND a.created_at >= $2::date AND a.created_at < $3::date
      GROUP BY a.programme_id, p.name ORDER BY a.programme_id;

SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, kind, sum(amount_fen) AS fen
      FROM (
        SELECT a.approved_at AS at, 'approved' AS kind, pay.amount_fen
        FROM assistance_payments pay
        JOIN assistance_applications a ON a.id = pay.application_id AND a.province_code = pay.province_code
        WHERE pay.status <> 'cancelled' AND a.organisation_path <@ $1::ltree
        UNION ALL
        SELECT pay.paid_at, 'paid', pay.amount_fen
        FROM assistance_payments pay
        JOIN assistance_applications a ON a.id = pay.application_id AND a.province_code = pay.province_code
        WHERE pay.status = 'paid' AND a.organisation_path <@ $2::ltree
      ) money
      WHERE at >= $3::date - interval '8 hours' AND at < $4::date - interval '8 hours'
      GROUP BY 1, 2;

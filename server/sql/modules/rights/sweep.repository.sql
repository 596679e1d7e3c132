-- escalateOverdue
WITH due AS (
      SELECT c.id, c.province_code, o.parent_id AS target
      FROM rights_cases c JOIN organisations o ON o.id = coalesce(c.escalated_to_id, c.organisation_id)
      WHERE c.closed_at IS NULL AND c.next_escalation_on <= $1 AND (c.organisation_path <@ $2::ltree)
    ), e AS (
      UPDATE rights_cases c SET
        overdue = true,
        escalation_level = c.escalation_level + (d.target IS NOT NULL)::int,
        escalated_to_id = coalesce(d.target, c.escalated_to_id),
        next_escalation_on = CASE WHEN d.target IS NULL THEN NULL ELSE $3::date END
      FROM due d
      WHERE c.id = d.id AND c.province_code = d.province_code AND c.closed_at IS NULL
      RETURNING c.id, c.province_code, d.target
    ), ev AS (
      INSERT INTO rights_case_events (province_code, case_id, action, organisation_id, public)
      SELECT province_code, id, 'escalate', target, false FROM e WHERE target IS NOT NULL
    ), told AS (
      SELECT DISTINCT e.id AS case_id, e.target AS organisation_id, r.user_id FROM e
        JOIN role_assignments r ON r.organisation_id = e.target AND r.role IN $4
    )
    SELECT told.*, (SELECT count(*) FILTER (WHERE target IS NOT NULL)::int FROM e) AS escalated
    FROM (SELECT 1) one LEFT JOIN told ON true;

-- mediationsExpired
SELECT c.id AS case_id, c.organisation_id, c.reporter_user_id AS user_id FROM rights_cases c
    WHERE c.closed_at IS NULL AND c.kind = 'mediation' AND c.reporter_user_id IS NOT NULL
      AND (c.details->>'requestedOn')::date + $1::int < $2::date AND (c.organisation_path <@ $3::ltree);

-- warnDue
WITH w AS (
      UPDATE rights_cases SET warned_at = now()
      WHERE closed_at IS NULL AND warned_at IS NULL AND warn_on <= $1 AND (organisation_path <@ $2::ltree)
      RETURNING id, province_code, handler_user_id, organisation_id
    ), told AS (
      SELECT id AS case_id, organisation_id, handler_user_id AS user_id FROM w WHERE handler_user_id IS NOT NULL
      UNION
      SELECT w.id, w.organisation_id, r.user_id FROM w
        JOIN role_assignments r ON r.organisation_id = w.organisation_id AND r.role IN $3
        WHERE w.handler_user_id IS NULL
    )
    SELECT told.*, (SELECT count(*)::int FROM w) AS warned FROM (SELECT 1) one LEFT JOIN told ON true;

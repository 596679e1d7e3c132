-- castForProxy
WITH gate AS (SELECT pg_advisory_xact_lock_shared(hashtextextended('vote:' || $1::bigint, 0)) AS locked),
claimed AS (
  UPDATE vote_roll r SET voted = true, voted_via = 'proxy'
  FROM votes v
  WHERE r.vote_id = $1::bigint AND r.member_id = $2::bigint AND r.proxy_member_id = ANY($5::bigint[])
    AND NOT r.voted AND NOT r.sealed AND (SELECT true FROM gate)
    AND v.id = r.vote_id AND v.province_code = r.province_code AND v.status = 'open'
  RETURNING r.province_code, r.weight
)
INSERT INTO vote_ballot_box (vote_id, province_code, receipt, choices, weight)
SELECT $1::bigint, province_code, $3::text, $4::smallint[], weight FROM claimed
RETURNING 1;

-- castForSelf
WITH gate AS (SELECT pg_advisory_xact_lock_shared(hashtextextended('vote:' || $1::bigint, 0)) AS locked),
cast_in AS (
  SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS c(user_id, receipt, choices, at)
),
claimed AS (
  UPDATE vote_roll r SET voted = true, voted_via = 'self'
  FROM votes v, cast_in c
  WHERE r.vote_id = $1::bigint AND r.user_id = c.user_id AND r.proxy_member_id IS NULL
    AND NOT r.voted AND NOT r.sealed AND (SELECT true FROM gate)
    AND v.id = r.vote_id AND v.province_code = r.province_code AND v.status = 'open'
  RETURNING r.province_code, r.weight, c.receipt, c.choices, c.at
),
boxed AS (
  INSERT INTO vote_ballot_box (vote_id, province_code, receipt, choices, weight)
  SELECT $1::bigint, province_code, receipt, choices::smallint[], weight FROM claimed
)
-- One row per cast, in order: taken (from the update itself), or why not as of the statement's
-- snapshot: the vote's state, the voter's roll row, whether this very ballot form is already counted.
SELECT c.at, t.taken, v.status, r.voted, r.proxy_member_id,
       coalesce(r.voted AND vote_form_counted(v.id, v.province_code, c.receipt, c.choices::smallint[]), false) AS same_form
FROM cast_in c
CROSS JOIN LATERAL (SELECT c.at IN (SELECT at FROM claimed) AS taken) t
LEFT JOIN votes v ON v.id = $1::bigint
LEFT JOIN LATERAL (
  SELECT r.voted, r.proxy_member_id FROM vote_roll r
  WHERE NOT t.taken AND r.vote_id = v.id AND r.user_id = c.user_id LIMIT 1
) r ON true
ORDER BY c.at;

-- refusalFacts
SELECT v.status, r.voted, r.proxy_member_id,
       coalesce(r.voted AND vote_form_counted(v.id, v.province_code, $3, $4::smallint[]), false) AS same_form
FROM votes v LEFT JOIN vote_roll r ON r.vote_id = v.id AND r.member_id = $2::bigint
WHERE v.id = $1::bigint
LIMIT 1;

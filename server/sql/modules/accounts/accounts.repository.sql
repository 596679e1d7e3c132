-- apiTokenOfOtherUserExists
select "id" from "api_tokens" where ("api_tokens"."id" = $1 and "api_tokens"."user_id" <> $2);

-- clearThrottle
delete from "auth_throttle" where "auth_throttle"."key" = $1;

-- findApiTokenActor
SELECT c.id AS token_id, c.permissions,
           c.last_used_at IS NULL OR c.last_used_at < now() - interval '60 seconds' AS needs_touch, 
  u.id AS user_id, u.display_name, u.kind, u.totp_secret_enc IS NOT NULL AS has_totp,
  coalesce(
    json_agg(json_build_object('role', ra.role, 'organisationId', o.id, 'organisationName', o.name,
                               'organisationPath', o.path::text) ORDER BY o.path)
      FILTER (WHERE o.id IS NOT NULL),
    '[]') AS roles
    FROM api_tokens c 
  JOIN users u ON u.id = c.user_id AND u.status = 'active'
  LEFT JOIN role_assignments ra ON ra.user_id = u.id
  LEFT JOIN organisations o ON o.id = ra.organisation_id AND o.status = 'active'
    WHERE c.token_hash = $1 AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > now())
    GROUP BY c.id, u.id;

-- findSessionActors
SELECT c.id, c.csrf_token, c.last_seen_at < now() - interval '60 seconds' AS needs_touch,
           (extract(epoch FROM c.expires_at - now()) * 1000)::float8 AS expires_in_ms, c.idle_seconds,
           (extract(epoch FROM now() - c.last_seen_at) * 1000)::float8 AS seen_ago_ms, 
  u.id AS user_id, u.display_name, u.kind, u.totp_secret_enc IS NOT NULL AS has_totp,
  coalesce(
    json_agg(json_build_object('role', ra.role, 'organisationId', o.id, 'organisationName', o.name,
                               'organisationPath', o.path::text) ORDER BY o.path)
      FILTER (WHERE o.id IS NOT NULL),
    '[]') AS roles
    FROM sessions c 
  JOIN users u ON u.id = c.user_id AND u.status = 'active'
  LEFT JOIN role_assignments ra ON ra.user_id = u.id
  LEFT JOIN organisations o ON o.id = ra.organisation_id AND o.status = 'active'
    WHERE c.id = ANY($1::text[]) AND c.revoked_at IS NULL AND c.expires_at > now()
      AND c.last_seen_at + make_interval(secs => c.idle_seconds) > now()
    GROUP BY c.id, u.id;

-- findUserById
select "id", "username", "display_name", "kind", "mobile_enc", "mobile_hash", "id_number_enc", "id_number_hash", "password_hash", "password_changed_at", "failed_login_count", "locked_until", "totp_secret_enc", "totp_pending_secret_enc", "totp_last_step", "locale", "large_text", "status", "created_at", "updated_at" from "users" where "users"."id" = $1;

-- findUserByMobileHash
select "id", "username", "display_name", "kind", "mobile_enc", "mobile_hash", "id_number_enc", "id_number_hash", "password_hash", "password_changed_at", "failed_login_count", "locked_until", "totp_secret_enc", "totp_pending_secret_enc", "totp_last_step", "locale", "large_text", "status", "created_at", "updated_at" from "users" where "users"."mobile_hash" = $1;

-- findUserByUsername
select "id", "username", "display_name", "kind", "mobile_enc", "mobile_hash", "id_number_enc", "id_number_hash", "password_hash", "password_changed_at", "failed_login_count", "locked_until", "totp_secret_enc", "totp_pending_secret_enc", "totp_last_step", "locale", "large_text", "status", "created_at", "updated_at" from "users" where "users"."username" = $1;

-- insertApiToken
insert into "api_tokens" ("id", "user_id", "name", "token_hash", "permissions", "created_at", "last_used_at", "expires_at", "revoked_at") values (default, default, default, default, default, default, default, default, default) returning "id", "user_id", "name", "token_hash", "permissions", "created_at", "last_used_at", "expires_at", "revoked_at";

-- insertRoleAssignment
SELECT pg_notify($1, $2);

insert into "role_assignments" ("id", "user_id", "organisation_id", "role", "created_at") values (default, $1, $2, $3, default) on conflict do nothing;

-- insertSession
insert into "sessions" ("id", "user_id", "csrf_token", "created_at", "last_seen_at", "expires_at", "idle_seconds", "revoked_at", "ip", "user_agent") values (default, default, default, default, default, default, default, default, default, default);

-- insertSmsCode
insert into "sms_codes" ("id", "mobile_hash", "code_hash", "created_at", "expires_at", "used_at", "attempts") values (default, default, default, default, default, default, default);

-- insertUser
insert into "users" ("id", "username", "display_name", "kind", "mobile_enc", "mobile_hash", "id_number_enc", "id_number_hash", "password_hash", "password_changed_at", "failed_login_count", "locked_until", "totp_secret_enc", "totp_pending_secret_enc", "totp_last_step", "locale", "large_text", "status", "created_at", "updated_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) returning "id", "username", "display_name", "kind", "mobile_enc", "mobile_hash", "id_number_enc", "id_number_hash", "password_hash", "password_changed_at", "failed_login_count", "locked_until", "totp_secret_enc", "totp_pending_secret_enc", "totp_last_step", "locale", "large_text", "status", "created_at", "updated_at";

-- isUserInScope
select "role_assignments"."id" from "role_assignments" inner join "organisations" on "organisations"."id" = "role_assignments"."organisation_id" where ("role_assignments"."user_id" = $1 and ("organisations"."path" <@ $2::ltree)) limit $3;

-- listApiTokens
select "id", "user_id", "name", "token_hash", "permissions", "created_at", "last_used_at", "expires_at", "revoked_at" from "api_tokens" where "api_tokens"."user_id" = $1 order by "api_tokens"."created_at" desc;

-- listLiveSessions
select "id", "user_id", "csrf_token", "created_at", "last_seen_at", "expires_at", "idle_seconds", "revoked_at", "ip", "user_agent" from "sessions" where ("sessions"."user_id" = $1 and "sessions"."revoked_at" is null and "sessions"."expires_at" > now()) order by "sessions"."last_seen_at" desc;

-- listRoleAssignments
select "role_assignments"."role", "organisations"."id", "organisations"."name", "organisations"."path" from "role_assignments" inner join "organisations" on "organisations"."id" = "role_assignments"."organisation_id" where ("role_assignments"."user_id" = $1 and "organisations"."status" = $2) order by "organisations"."path";

-- listRoleAssignmentsOfUsers
select "role_assignments"."user_id", "role_assignments"."role", "organisations"."id", "organisations"."name" from "role_assignments" inner join "organisations" on "organisations"."id" = "role_assignments"."organisation_id" where "role_assignments"."user_id" in $1;

-- listUsersInScope
select "id", "username", "display_name", "kind", "mobile_enc", "mobile_hash", "id_number_enc", "id_number_hash", "password_hash", "password_changed_at", "failed_login_count", "locked_until", "totp_secret_enc", "totp_pending_secret_enc", "totp_last_step", "locale", "large_text", "status", "created_at", "updated_at" from "users" where ("users"."id" in (select distinct "role_assignments"."user_id" from "role_assignments" inner join "organisations" on "organisations"."id" = "role_assignments"."organisation_id" where (("organisations"."path" <@ $1::ltree) and ("organisations"."path" <@ $2::ltree))) and ("users"."display_name" ilike $3 or "users"."username" ilike $4 or "users"."mobile_hash" = $5 or "users"."id_number_hash" = $6)) order by "users"."username" limit $7;

select count(*) from "users" where ("users"."id" in (select distinct "role_assignments"."user_id" from "role_assignments" inner join "organisations" on "organisations"."id" = "role_assignments"."organisation_id" where (("organisations"."path" <@ $1::ltree) and ("organisations"."path" <@ $2::ltree))) and ("users"."display_name" ilike $3 or "users"."username" ilike $4 or "users"."mobile_hash" = $5 or "users"."id_number_hash" = $6));

-- lockLatestSmsCode
select "id", "mobile_hash", "code_hash", "created_at", "expires_at", "used_at", "attempts" from "sms_codes" where ("sms_codes"."mobile_hash" = $1 and "sms_codes"."used_at" is null and "sms_codes"."expires_at" > now()) order by "sms_codes"."created_at" desc limit $2 for update;

-- lockUser
select "id", "username", "display_name", "kind", "mobile_enc", "mobile_hash", "id_number_enc", "id_number_hash", "password_hash", "password_changed_at", "failed_login_count", "locked_until", "totp_secret_enc", "totp_pending_secret_enc", "totp_last_step", "locale", "large_text", "status", "created_at", "updated_at" from "users" where "users"."id" = $1 for update;

-- recordThrottleFailure
INSERT INTO auth_throttle AS t (key, attempts) VALUES ($1, 1)
    ON CONFLICT (key) DO UPDATE SET
      locked_until = CASE WHEN (CASE WHEN t.window_started_at < now() - make_interval(mins => $2) THEN 1 ELSE t.attempts + 1 END) >= $3 THEN now() + make_interval(mins => $4) ELSE t.locked_until END,
      window_started_at = CASE WHEN (CASE WHEN t.window_started_at < now() - make_interval(mins => $5) THEN 1 ELSE t.attempts + 1 END) >= $6 OR t.window_started_at < now() - make_interval(mins => $7)
                               THEN now() ELSE t.window_started_at END,
      attempts = CASE WHEN (CASE WHEN t.window_started_at < now() - make_interval(mins => $8) THEN 1 ELSE t.attempts + 1 END) >= $9 THEN 0 ELSE (CASE WHEN t.window_started_at < now() - make_interval(mins => $10) THEN 1 ELSE t.attempts + 1 END) END,
      last_at = now()
    RETURNING attempts, locked_until;

-- revokeApiToken
update "api_tokens" set "revoked_at" = now() where ("api_tokens"."id" = $1 and "api_tokens"."user_id" = $2 and "api_tokens"."revoked_at" is null) returning "id";

-- revokeOtherSessions
SELECT pg_notify($1, $2);

update "sessions" set "revoked_at" = now() where ("sessions"."user_id" = $1 and "sessions"."revoked_at" is null and "sessions"."id" <> $2);

-- revokeSession
update "sessions" set "revoked_at" = now() where ("sessions"."id" = $1 and "sessions"."revoked_at" is null and "sessions"."user_id" = $2) returning "id", "user_id";

-- takeRateSlot
INSERT INTO auth_throttle AS t (key, attempts) VALUES ($1, 1)
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN t.window_started_at < now() - interval '1 hour' THEN 1 ELSE t.attempts + 1 END,
      window_started_at = CASE WHEN t.window_started_at < now() - interval '1 hour' THEN now() ELSE t.window_started_at END,
      last_at = now()
    WHERE ($2 = 0 OR t.last_at < now() - make_interval(secs => $3))
      AND (t.window_started_at < now() - interval '1 hour' OR t.attempts < $4)
    RETURNING true AS allowed;

-- throttleLockedUntil
select "locked_until" from "auth_throttle" where ("auth_throttle"."key" = $1 and "auth_throttle"."locked_until" > now());

-- touchApiToken
update "api_tokens" set "last_used_at" = now() where "api_tokens"."id" = $1;

-- touchSessions
update "sessions" set "last_seen_at" = now() where "sessions"."id" in $1;

-- updateUser
update "users" set "updated_at" = $1 where "users"."id" = $2 returning "id", "username", "display_name", "kind", "mobile_enc", "mobile_hash", "id_number_enc", "id_number_hash", "password_hash", "password_changed_at", "failed_login_count", "locked_until", "totp_secret_enc", "totp_pending_secret_enc", "totp_last_step", "locale", "large_text", "status", "created_at", "updated_at";

-- userNames
select "id", "display_name" from "users" where "users"."id" in ($1);

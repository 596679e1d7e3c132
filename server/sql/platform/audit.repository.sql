-- insertAuditRow
insert into "audit_log" ("id", "occurred_at", "actor_user_id", "actor_name", "action", "subject_type", "subject_id", "organisation_id", "changes", "request_id", "ip", "prev_hash", "hash") values (default, default, default, default, default, default, default, default, default, default, default, default, default);

-- insertAuditRows
insert into "audit_log" ("id", "occurred_at", "actor_user_id", "actor_name", "action", "subject_type", "subject_id", "organisation_id", "changes", "request_id", "ip", "prev_hash", "hash") values (default, default, default, default, default, default, default, default, default, default, default, default, default);

-- listAuditRows
select "audit_log"."id", "audit_log"."occurred_at", "audit_log"."actor_user_id", "audit_log"."actor_name", "audit_log"."action", "audit_log"."subject_type", "audit_log"."subject_id", "audit_log"."organisation_id", "audit_log"."changes", "audit_log"."request_id", "audit_log"."ip", "audit_log"."prev_hash", "audit_log"."hash" from "audit_log" inner join "organisations" on "organisations"."id" = "audit_log"."organisation_id" where (("organisations"."path" <@ $1::ltree) and "organisations"."path" <@ (SELECT path FROM organisations WHERE id = $2) and "audit_log"."action" = $3 and "audit_log"."subject_type" = $4 and "audit_log"."subject_id" = $5 and "audit_log"."actor_user_id" = $6 and "audit_log"."occurred_at" >= $7 and "audit_log"."occurred_at" <= $8) order by "audit_log"."id" desc limit $9;

select count(*) from "audit_log" inner join "organisations" on "organisations"."id" = "audit_log"."organisation_id" where (("organisations"."path" <@ $1::ltree) and "organisations"."path" <@ (SELECT path FROM organisations WHERE id = $2) and "audit_log"."action" = $3 and "audit_log"."subject_type" = $4 and "audit_log"."subject_id" = $5 and "audit_log"."actor_user_id" = $6 and "audit_log"."occurred_at" >= $7 and "audit_log"."occurred_at" <= $8);

-- readChainBatch
SELECT a.id, a.prev_hash, a.hash, audit_row_hash(a.prev_hash, a) AS recomputed
    FROM audit_log a WHERE a.id > $1 ORDER BY a.id LIMIT $2;

-- readChainHead
select "id", "last_id", "last_hash" from "audit_chain_head" where "audit_chain_head"."id" = $1;

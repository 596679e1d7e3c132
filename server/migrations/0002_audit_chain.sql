-- The audit trail is append-only and hash-chained. Each row's hash covers the previous row's hash
-- and every field of the row, so an edited, removed or reordered row breaks the chain at that row.

INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, NULL, NULL);
--> statement-breakpoint
CREATE FUNCTION audit_row_hash(prev bytea, r audit_log) RETURNS bytea
LANGUAGE sql STABLE AS $$
  SELECT sha256(convert_to(json_build_array(
    encode(coalesce(prev, ''::bytea), 'hex'),
    r.id,
    to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    r.actor_user_id,
    r.actor_name,
    r.action,
    r.subject_type,
    r.subject_id,
    r.organisation_id,
    r.changes,
    r.request_id,
    r.ip
  )::text, 'UTF8'))
$$;
--> statement-breakpoint
-- The head row lock serialises writers until commit, so id order is commit order and each row
-- links to the row committed just before it; under REPEATABLE READ a concurrent writer fails
-- with a serialization error instead of forking the chain.
CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  NEW.occurred_at := date_trunc('microseconds', clock_timestamp());
  NEW.prev_hash := head.last_hash;
  NEW.hash := audit_row_hash(head.last_hash, NEW);
  UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE OR TRUNCATE ON audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

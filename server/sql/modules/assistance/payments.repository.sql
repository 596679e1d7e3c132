-- addPaid
update "assistance_budgets" set "paid_fen" = "assistance_budgets"."paid_fen" + $1, "updated_at" = $2 where ("assistance_budgets"."id" = $3 and "assistance_budgets"."province_code" = $4);

-- BATCH.exists
select "id", "province_code", "organisation_id", "status", "idempotency_key", "created_by", "created_at", "exported_at", "closed_at" from "assistance_batches" where "assistance_batches"."id" = $1;

-- BATCH.inScope
select "assistance_batches"."id", "assistance_batches"."province_code", "assistance_batches"."organisation_id", "assistance_batches"."status", "assistance_batches"."idempotency_key", "assistance_batches"."created_by", "assistance_batches"."created_at", "assistance_batches"."exported_at", "assistance_batches"."closed_at", "organisations"."path", "organisations"."name" from "assistance_batches" inner join "organisations" on "organisations"."id" = "assistance_batches"."organisation_id" where ("assistance_batches"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- batchByIdempotencyKey
select "id", "province_code", "organisation_id", "status", "idempotency_key", "created_by", "created_at", "exported_at", "closed_at" from "assistance_batches" where ("assistance_batches"."organisation_id" = $1 and "assistance_batches"."idempotency_key" = $2 and "assistance_batches"."province_code" = $3);

-- batchesIn
select "assistance_batches"."id", "assistance_batches"."province_code", "assistance_batches"."organisation_id", "assistance_batches"."status", "assistance_batches"."idempotency_key", "assistance_batches"."created_by", "assistance_batches"."created_at", "assistance_batches"."exported_at", "assistance_batches"."closed_at", "organisations"."name", count("assistance_payments"."id")::int, coalesce(sum("assistance_payments"."amount_fen"), 0), coalesce(sum("assistance_payments"."amount_fen") FILTER (WHERE "assistance_payments"."status" = 'paid'), 0) from "assistance_batches" inner join "organisations" on "organisations"."id" = "assistance_batches"."organisation_id" left join "assistance_payments" on ("assistance_payments"."batch_id" = "assistance_batches"."id" and "assistance_payments"."province_code" = "assistance_batches"."province_code") where ("organisations"."path" <@ $1::ltree) group by "assistance_batches"."id", "assistance_batches"."province_code", "organisations"."name" order by "assistance_batches"."created_at" desc, "assistance_batches"."id" desc limit $2;

-- batchPending
UPDATE assistance_payments SET status = 'batched', batch_id = $1, updated_at = now()
    WHERE organisation_id = $2 AND province_code = $3 AND status = 'pending' AND application_id IN (SELECT id FROM assistance_applications WHERE programme_id = $4 AND province_code = $5)
    RETURNING id;

-- closeIfSettled
update "assistance_batches" set "status" = $1, "closed_at" = $2 where (("assistance_batches"."id" = $3 and "assistance_batches"."province_code" = $4) and NOT EXISTS (SELECT 1 FROM assistance_payments p WHERE p.batch_id = $5 AND p.province_code = $6 AND p.status = 'batched'));

-- findBatch
select "id", "province_code", "organisation_id", "status", "idempotency_key", "created_by", "created_at", "exported_at", "closed_at" from "assistance_batches" where "assistance_batches"."id" = $1;

-- findBatchWithOrganisation
select "assistance_batches"."id", "assistance_batches"."province_code", "assistance_batches"."organisation_id", "assistance_batches"."status", "assistance_batches"."idempotency_key", "assistance_batches"."created_by", "assistance_batches"."created_at", "assistance_batches"."exported_at", "assistance_batches"."closed_at", "organisations"."path", "organisations"."name" from "assistance_batches" inner join "organisations" on "organisations"."id" = "assistance_batches"."organisation_id" where "assistance_batches"."id" = $1;

-- findPaymentWithPath
select "assistance_payments"."id", "assistance_payments"."province_code", "assistance_payments"."application_id", "assistance_payments"."organisation_id", "assistance_payments"."budget_id", "assistance_payments"."batch_id", "assistance_payments"."amount_fen", "assistance_payments"."status", "assistance_payments"."reference", "assistance_payments"."bank_name", "assistance_payments"."account_name", "assistance_payments"."account_number_enc", "assistance_payments"."paid_at", "assistance_payments"."failure_reason", "assistance_payments"."created_at", "assistance_payments"."updated_at", "organisations"."path" from "assistance_payments" inner join "organisations" on "organisations"."id" = "assistance_payments"."organisation_id" where "assistance_payments"."id" = $1;

-- insertBatch
insert into "assistance_batches" ("id", "province_code", "organisation_id", "status", "idempotency_key", "created_by", "created_at", "exported_at", "closed_at") values (default, default, default, default, default, default, default, default, default) returning "id", "province_code", "organisation_id", "status", "idempotency_key", "created_by", "created_at", "exported_at", "closed_at";

-- insertEvents
insert into "assistance_events" ("id", "province_code", "application_id", "action", "actor_user_id", "stage", "amount_fen", "note", "created_at") values (default, default, default, default, default, default, default, default, default);

-- insertPayment
insert into "assistance_payments" ("id", "province_code", "application_id", "organisation_id", "budget_id", "batch_id", "amount_fen", "status", "reference", "bank_name", "account_name", "account_number_enc", "paid_at", "failure_reason", "created_at", "updated_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default);

-- markExported
update "assistance_batches" set "status" = $1, "exported_at" = $2 where ("assistance_batches"."id" = $3 and "assistance_batches"."province_code" = $4);

-- movePayment
update "assistance_payments" set "updated_at" = $1 where ("assistance_payments"."id" = $2 and "assistance_payments"."province_code" = $3 and "assistance_payments"."status" in ($4)) returning "id", "province_code", "application_id", "organisation_id", "budget_id", "batch_id", "amount_fen", "status", "reference", "bank_name", "account_name", "account_number_enc", "paid_at", "failure_reason", "created_at", "updated_at";

-- PAYMENT.exists
select "id" from "assistance_payments" where "assistance_payments"."id" = $1;

-- PAYMENT.inScope
select "assistance_payments"."id", "assistance_payments"."province_code", "assistance_payments"."application_id", "assistance_payments"."organisation_id", "assistance_payments"."budget_id", "assistance_payments"."batch_id", "assistance_payments"."amount_fen", "assistance_payments"."status", "assistance_payments"."reference", "assistance_payments"."bank_name", "assistance_payments"."account_name", "assistance_payments"."account_number_enc", "assistance_payments"."paid_at", "assistance_payments"."failure_reason", "assistance_payments"."created_at", "assistance_payments"."updated_at" from "assistance_payments" inner join "organisations" on "organisations"."id" = "assistance_payments"."organisation_id" where ("assistance_payments"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- paymentsOfBatch
select "id", "province_code", "application_id", "organisation_id", "budget_id", "batch_id", "amount_fen", "status", "reference", "bank_name", "account_name", "account_number_enc", "paid_at", "failure_reason", "created_at", "updated_at" from "assistance_payments" where ("assistance_payments"."batch_id" = $1 and "assistance_payments"."province_code" = $2) order by "assistance_payments"."id" asc;

-- pendingIn
select "assistance_payments"."organisation_id", "organisations"."name", count(*)::int, sum("assistance_payments"."amount_fen") from "assistance_payments" inner join "organisations" on "organisations"."id" = "assistance_payments"."organisation_id" where ("assistance_payments"."status" = $1 and ("organisations"."path" <@ $2::ltree)) group by "assistance_payments"."organisation_id", "organisations"."name";

-- programmeNamesOf
select "assistance_applications"."id", "assistance_programmes"."name" from "assistance_applications" inner join "assistance_programmes" on "assistance_programmes"."id" = "assistance_applications"."programme_id" where ("assistance_applications"."id" in ($1) and "assistance_applications"."province_code" = $2);

-- recordOutcomes
UPDATE assistance_payments p
    SET status = v.outcome,
      paid_at = CASE WHEN v.outcome = 'paid' THEN now() END,
      failure_reason = CASE WHEN v.outcome = 'paid' THEN NULL ELSE v.reason END,
      updated_at = now()
    FROM (
      SELECT DISTINCT ON (id) id, outcome, reason
      FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, outcome text, reason text)
    ) v
    WHERE p.id = v.id AND p.batch_id = $2 AND p.province_code = $3 AND p.status = 'batched'
    RETURNING p.id, p.application_id, p.organisation_id, p.budget_id, p.amount_fen, p.status, p.failure_reason,
      (SELECT a.applicant_user_id FROM assistance_applications a
        WHERE a.id = p.application_id AND a.province_code = p.province_code) AS applicant_user_id;

-- releaseCommitted
update "assistance_budgets" set "committed_fen" = "assistance_budgets"."committed_fen" - $1, "updated_at" = $2 where ("assistance_budgets"."id" = $3 and "assistance_budgets"."province_code" = $4);

-- releaseNeed
delete from "assistance_need_claims" where ("assistance_need_claims"."application_id" = $1 and "assistance_need_claims"."province_code" = $2);

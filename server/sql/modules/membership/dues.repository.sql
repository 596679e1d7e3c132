-- addPaidFen
update "dues_months" set "paid_fen" = "dues_months"."paid_fen" + $1 where ("dues_months"."member_id" = $2 and "dues_months"."month" = $3) returning "member_id", "province_code", "month", "organisation_id", "expected_fen", "paid_fen";

-- discrepancyExists
select "id" from "checkoff_discrepancies" where "checkoff_discrepancies"."id" = $1;

-- findCheckoffFileInScope
select "checkoff_files"."id", "checkoff_files"."province_code", "checkoff_files"."employer_id", "checkoff_files"."organisation_id", "checkoff_files"."month", "checkoff_files"."file_name", "checkoff_files"."file_hash", "checkoff_files"."row_count", "checkoff_files"."matched_count", "checkoff_files"."matched_fen", "checkoff_files"."uploaded_by", "checkoff_files"."created_at", "employers"."name", (SELECT count(*)::int FROM checkoff_discrepancies d WHERE d.file_id = "checkoff_files"."id" AND d.status = 'open') from "checkoff_files" inner join "organisations" "file_organisation" on "file_organisation"."id" = "checkoff_files"."organisation_id" inner join "employers" on ("employers"."id" = "checkoff_files"."employer_id" and "employers"."province_code" = "checkoff_files"."province_code") where ("checkoff_files"."id" = $1 and ("file_organisation"."path" <@ $2::ltree));

-- insertCheckoffFile
insert into "checkoff_files" ("id", "province_code", "employer_id", "organisation_id", "month", "file_name", "file_hash", "row_count", "matched_count", "matched_fen", "uploaded_by", "created_at") values (default, default, default, default, default, default, default, default, default, default, default, default) on conflict do nothing returning "id", "province_code", "employer_id", "organisation_id", "month", "file_name", "file_hash", "row_count", "matched_count", "matched_fen", "uploaded_by", "created_at";

-- insertDiscrepancies
insert into "checkoff_discrepancies" ("id", "province_code", "file_id", "organisation_id", "kind", "row_number", "member_id", "name", "id_number_enc", "expected_fen", "file_fen", "status", "resolution", "note", "resolved_by", "resolved_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default);

-- insertDuesPayment
insert into "dues_payments" ("id", "province_code", "member_id", "month", "amount_fen", "source", "checkoff_file_id", "idempotency_key", "recorded_by", "created_at") values (default, default, default, default, default, default, default, default, default, default) on conflict do nothing returning "id";

-- listArrears
select "owing"."member_id", "months_owed", "owed_fen", "oldest_month", "members"."member_number", "members"."name", "organisations"."name" from (select "dues_months"."member_id", "dues_months"."province_code", count(*)::int as "months_owed", sum("dues_months"."expected_fen" - "dues_months"."paid_fen")::int as "owed_fen", min("dues_months"."month")::text as "oldest_month" from "dues_months" inner join "members" on ("members"."id" = "dues_months"."member_id" and "members"."province_code" = "dues_months"."province_code") where (("members"."organisation_path" <@ $1::ltree) and "dues_months"."paid_fen" < "dues_months"."expected_fen") group by "dues_months"."member_id", "dues_months"."province_code") "owing" inner join "members" on ("members"."id" = "owing"."member_id" and "members"."province_code" = "owing"."province_code") inner join "organisations" on "organisations"."id" = "members"."organisation_id" order by "owed_fen" desc, "owing"."member_id" asc limit $2;

select count(*) from (select "dues_months"."member_id", "dues_months"."province_code", count(*)::int as "months_owed", sum("dues_months"."expected_fen" - "dues_months"."paid_fen")::int as "owed_fen", min("dues_months"."month")::text as "oldest_month" from "dues_months" inner join "members" on ("members"."id" = "dues_months"."member_id" and "members"."province_code" = "dues_months"."province_code") where (("members"."organisation_path" <@ $1::ltree) and "dues_months"."paid_fen" < "dues_months"."expected_fen") group by "dues_months"."member_id", "dues_months"."province_code") "owing";

-- listCheckoffFiles
select "checkoff_files"."id", "checkoff_files"."province_code", "checkoff_files"."employer_id", "checkoff_files"."organisation_id", "checkoff_files"."month", "checkoff_files"."file_name", "checkoff_files"."file_hash", "checkoff_files"."row_count", "checkoff_files"."matched_count", "checkoff_files"."matched_fen", "checkoff_files"."uploaded_by", "checkoff_files"."created_at", "employers"."name", (SELECT count(*)::int FROM checkoff_discrepancies d WHERE d.file_id = "checkoff_files"."id" AND d.status = 'open') from "checkoff_files" inner join "organisations" "file_organisation" on "file_organisation"."id" = "checkoff_files"."organisation_id" inner join "employers" on ("employers"."id" = "checkoff_files"."employer_id" and "employers"."province_code" = "checkoff_files"."province_code") where ("file_organisation"."path" <@ $1::ltree) order by "checkoff_files"."id" desc limit $2;

select count(*) from "checkoff_files" inner join "organisations" "file_organisation" on "file_organisation"."id" = "checkoff_files"."organisation_id" where ("file_organisation"."path" <@ $1::ltree);

-- listDiscrepancies
select "checkoff_discrepancies"."id", "checkoff_discrepancies"."province_code", "checkoff_discrepancies"."file_id", "checkoff_discrepancies"."organisation_id", "checkoff_discrepancies"."kind", "checkoff_discrepancies"."row_number", "checkoff_discrepancies"."member_id", "checkoff_discrepancies"."name", "checkoff_discrepancies"."id_number_enc", "checkoff_discrepancies"."expected_fen", "checkoff_discrepancies"."file_fen", "checkoff_discrepancies"."status", "checkoff_discrepancies"."resolution", "checkoff_discrepancies"."note", "checkoff_discrepancies"."resolved_by", "checkoff_discrepancies"."resolved_at", "discrepancy_member"."member_number" from "checkoff_discrepancies" inner join "organisations" "discrepancy_organisation" on "discrepancy_organisation"."id" = "checkoff_discrepancies"."organisation_id" left join "members" "discrepancy_member" on "discrepancy_member"."id" = "checkoff_discrepancies"."member_id" where (("discrepancy_organisation"."path" <@ $1::ltree) and "checkoff_discrepancies"."file_id" = $2 and "checkoff_discrepancies"."status" = $3) order by "checkoff_discrepancies"."file_id" asc, "checkoff_discrepancies"."id" asc limit $4;

select count(*) from "checkoff_discrepancies" inner join "organisations" "discrepancy_organisation" on "discrepancy_organisation"."id" = "checkoff_discrepancies"."organisation_id" where (("discrepancy_organisation"."path" <@ $1::ltree) and "checkoff_discrepancies"."file_id" = $2 and "checkoff_discrepancies"."status" = $3);

-- listDuesMonths
select "member_id", "province_code", "month", "organisation_id", "expected_fen", "paid_fen" from "dues_months" where "dues_months"."member_id" = $1 order by "dues_months"."month" desc;

-- listEmployerMembersForMonth
select "members"."id", "members"."name", "members"."id_number_hash", "members"."id_number_enc", "members"."organisation_id", "members"."status", "dues_months"."expected_fen", "dues_months"."paid_fen" from "members" left join "dues_months" on ("dues_months"."member_id" = "members"."id" and "dues_months"."province_code" = "members"."province_code" and "dues_months"."month" = $1) where ("members"."employer_id" = $2 and ("members"."organisation_path" <@ $3::ltree) and "members"."status" in ($4, $5, $6));

-- lockDiscrepancyInScope
select "checkoff_discrepancies"."id", "checkoff_discrepancies"."province_code", "checkoff_discrepancies"."file_id", "checkoff_discrepancies"."organisation_id", "checkoff_discrepancies"."kind", "checkoff_discrepancies"."row_number", "checkoff_discrepancies"."member_id", "checkoff_discrepancies"."name", "checkoff_discrepancies"."id_number_enc", "checkoff_discrepancies"."expected_fen", "checkoff_discrepancies"."file_fen", "checkoff_discrepancies"."status", "checkoff_discrepancies"."resolution", "checkoff_discrepancies"."note", "checkoff_discrepancies"."resolved_by", "checkoff_discrepancies"."resolved_at", "checkoff_files"."month" from "checkoff_discrepancies" inner join "organisations" "discrepancy_organisation" on "discrepancy_organisation"."id" = "checkoff_discrepancies"."organisation_id" inner join "checkoff_files" on ("checkoff_files"."id" = "checkoff_discrepancies"."file_id" and "checkoff_files"."province_code" = "checkoff_discrepancies"."province_code") where ("checkoff_discrepancies"."id" = $1 and ("discrepancy_organisation"."path" <@ $2::ltree)) for update of "checkoff_discrepancies";

-- lockDuesMonth
select "member_id", "province_code", "month", "organisation_id", "expected_fen", "paid_fen" from "dues_months" where ("dues_months"."member_id" = $1 and "dues_months"."month" = $2) for update;

-- openDuesMonth
INSERT INTO "dues_months" (member_id, province_code, month, organisation_id, expected_fen)
    SELECT m.id, m.province_code, $1::date, m.organisation_id,
      CASE WHEN m.status = 'retained' THEN 0 ELSE m.dues_monthly_fen END
    FROM "members" m
    WHERE (m.organisation_path <@ $2::ltree) AND m.status IN ('active','retained','transferring')
      AND m.joined_on < ($3::date + interval '1 month')
    ON CONFLICT (member_id, month, province_code) DO NOTHING;

-- seedPaidDues
INSERT INTO "dues_months" (member_id, province_code, month, organisation_id, expected_fen)
      SELECT id, province_code, $1::date, organisation_id,
        CASE WHEN status = 'retained' THEN 0 ELSE dues_monthly_fen END
      FROM "members" WHERE status IN ('active','retained') AND joined_on < $2::date + interval '1 month'
      ON CONFLICT DO NOTHING;

INSERT INTO "dues_payments" (member_id, province_code, month, amount_fen, source, idempotency_key)
      SELECT member_id, province_code, month, expected_fen, 'manual', 'seed:' || member_id || ':' || month
      FROM "dues_months" WHERE month = $1::date AND expected_fen > 0 AND member_id % 9 <> 0;

UPDATE "dues_months" SET paid_fen = expected_fen WHERE month = $1::date AND member_id % 9 <> 0;

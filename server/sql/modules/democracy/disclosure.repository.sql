-- answerQuestion
update "disclosure_questions" set "answered_at" = now() where ("disclosure_questions"."id" = $1 and "disclosure_questions"."notice_id" = $2) returning "id";

-- audienceOf
select count(*)::int from "members" where ("members"."organisation_path" <@ $1::ltree and "members"."status" IN ('active','retained','transferring'));

-- countUnansweredQuestions
select count(*)::int from "disclosure_questions" inner join "disclosure_notices" on ("disclosure_notices"."id" = "disclosure_questions"."notice_id" and "disclosure_notices"."province_code" = "disclosure_questions"."province_code") inner join "organisations" on "organisations"."id" = "disclosure_notices"."organisation_id" where ("disclosure_questions"."answer" IS NULL and ("organisations"."path" <@ $1::ltree));

-- findNotice
select "disclosure_notices"."id", "disclosure_notices"."province_code", "disclosure_notices"."organisation_id", "disclosure_notices"."title", "disclosure_notices"."body", "disclosure_notices"."created_by", "disclosure_notices"."published_at", "organisations"."name", "organisations"."path" from "disclosure_notices" inner join "organisations" on "organisations"."id" = "disclosure_notices"."organisation_id" where "disclosure_notices"."id" = $1;

-- insertNotice (stopped early on stand-in arguments)
insert into "disclosure_notices" ("id", "province_code", "organisation_id", "title", "body", "created_by", "published_at") values (default, default, default, default, default, default, default) returning "id";

-- insertQuestion
insert into "disclosure_questions" ("id", "province_code", "notice_id", "member_id", "question", "answer", "answered_by", "answered_at", "created_at") values (default, default, default, default, default, default, default, default, default);

-- NOTICE.exists
select "disclosure_notices"."id", "disclosure_notices"."province_code", "disclosure_notices"."organisation_id", "disclosure_notices"."title", "disclosure_notices"."body", "disclosure_notices"."created_by", "disclosure_notices"."published_at", "organisations"."name", "organisations"."path" from "disclosure_notices" inner join "organisations" on "organisations"."id" = "disclosure_notices"."organisation_id" where "disclosure_notices"."id" = $1;

-- NOTICE.inScope
select "disclosure_notices"."id", "disclosure_notices"."province_code", "disclosure_notices"."organisation_id", "disclosure_notices"."title", "disclosure_notices"."body", "disclosure_notices"."created_by", "disclosure_notices"."published_at", "organisations"."name", "organisations"."path" from "disclosure_notices" inner join "organisations" on "organisations"."id" = "disclosure_notices"."organisation_id" where ("disclosure_notices"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- noticesAbove
select "disclosure_notices"."id", "disclosure_notices"."province_code", "disclosure_notices"."organisation_id", "disclosure_notices"."title", "disclosure_notices"."body", "disclosure_notices"."created_by", "disclosure_notices"."published_at", "organisations"."name", "organisations"."path" from "disclosure_notices" inner join "organisations" on "organisations"."id" = "disclosure_notices"."organisation_id" where "organisations"."path" @> $1::ltree order by "disclosure_notices"."published_at" desc limit $2;

-- noticesPage
select "disclosure_notices"."id", "disclosure_notices"."province_code", "disclosure_notices"."organisation_id", "disclosure_notices"."title", "disclosure_notices"."body", "disclosure_notices"."created_by", "disclosure_notices"."published_at", "organisations"."name", "organisations"."path" from "disclosure_notices" inner join "organisations" on "organisations"."id" = "disclosure_notices"."organisation_id" where ("organisations"."path" <@ $1::ltree) order by "disclosure_notices"."published_at" desc limit $2 offset $3;

select count(*)::int from "disclosure_notices" inner join "organisations" on "organisations"."id" = "disclosure_notices"."organisation_id" where ("organisations"."path" <@ $1::ltree);

-- questionsOf
select "id", "province_code", "notice_id", "member_id", "question", "answer", "answered_by", "answered_at", "created_at" from "disclosure_questions" where "disclosure_questions"."notice_id" in ($1) order by "disclosure_questions"."id" asc;

-- readsOf
select "notice_id", "member_id" from "disclosure_reads" where "disclosure_reads"."notice_id" in ($1);

-- recordRead
insert into "disclosure_reads" ("notice_id", "province_code", "member_id", "read_at") values (default, default, default, default) on conflict do nothing;

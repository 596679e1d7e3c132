-- alreadyTold
select "user_id" from "messages" where ("messages"."source_type" = $1 and "messages"."source_id" = $2 and "messages"."kind" = $3 and "messages"."user_id" in $4);

-- claimDue
select "message_deliveries"."id", "message_deliveries"."user_id", "message_deliveries"."message_id", "message_deliveries"."channel", "message_deliveries"."status", "message_deliveries"."attempts", "message_deliveries"."not_before", "message_deliveries"."reason", "message_deliveries"."sent_at", "message_deliveries"."created_at", "messages"."id", "messages"."user_id", "messages"."organisation_id", "messages"."category", "messages"."kind", "messages"."params", "messages"."link", "messages"."critical", "messages"."source_type", "messages"."source_id", "messages"."created_at", "messages"."read_at", "users"."mobile_enc", "users"."locale" from "message_deliveries" inner join "messages" on ("messages"."id" = "message_deliveries"."message_id" and "messages"."user_id" = "message_deliveries"."user_id") inner join "users" on "users"."id" = "message_deliveries"."user_id" where ("message_deliveries"."status" = $1 and "message_deliveries"."not_before" <= now()) order by "message_deliveries"."not_before" limit $2 for update of "message_deliveries" skip locked;

-- deliveriesPage
select "message_deliveries"."id", "message_deliveries"."user_id", "message_deliveries"."message_id", "message_deliveries"."channel", "message_deliveries"."status", "message_deliveries"."attempts", "message_deliveries"."not_before", "message_deliveries"."reason", "message_deliveries"."sent_at", "message_deliveries"."created_at", "messages"."organisation_id", "messages"."category", "messages"."kind", "messages"."params", "users"."display_name", "organisations"."name", "organisations"."path" from "message_deliveries" inner join "messages" on ("messages"."id" = "message_deliveries"."message_id" and "messages"."user_id" = "message_deliveries"."user_id") inner join "users" on "users"."id" = "message_deliveries"."user_id" inner join "organisations" on "organisations"."id" = "messages"."organisation_id" where ("message_deliveries"."status" = $1 and ("organisations"."path" <@ $2::ltree)) order by "message_deliveries"."created_at" desc, "message_deliveries"."id" desc limit $3 offset $4;

select count(*) from "message_deliveries" inner join "messages" on ("messages"."id" = "message_deliveries"."message_id" and "messages"."user_id" = "message_deliveries"."user_id") inner join "organisations" on "organisations"."id" = "messages"."organisation_id" where ("message_deliveries"."status" = $1 and ("organisations"."path" <@ $2::ltree));

-- deliveryExists
select "id" from "message_deliveries" where "message_deliveries"."id" = $1;

-- deliveryInScope
select "message_deliveries"."id", "message_deliveries"."user_id", "message_deliveries"."message_id", "message_deliveries"."channel", "message_deliveries"."status", "message_deliveries"."attempts", "message_deliveries"."not_before", "message_deliveries"."reason", "message_deliveries"."sent_at", "message_deliveries"."created_at", "messages"."organisation_id", "messages"."category", "messages"."kind", "messages"."params", "users"."display_name", "organisations"."name", "organisations"."path" from "message_deliveries" inner join "messages" on ("messages"."id" = "message_deliveries"."message_id" and "messages"."user_id" = "message_deliveries"."user_id") inner join "users" on "users"."id" = "message_deliveries"."user_id" inner join "organisations" on "organisations"."id" = "messages"."organisation_id" where ("message_deliveries"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- hasMobile
select "mobile_enc" IS NOT NULL from "users" where "users"."id" = $1;

-- inboxPage
select "id", "user_id", "organisation_id", "category", "kind", "params", "link", "critical", "source_type", "source_id", "created_at", "read_at", count(*) OVER () from "messages" where ("messages"."user_id" = $1 and "messages"."category" = $2 and "messages"."read_at" is null) order by "messages"."created_at" desc, "messages"."id" desc limit $3 offset $4;

select count(*) from "messages" where ("messages"."user_id" = $1 and "messages"."category" = $2 and "messages"."read_at" is null);

-- insertDeliveries
insert into "message_deliveries" ("id", "user_id", "message_id", "channel", "status", "attempts", "not_before", "reason", "sent_at", "created_at") values (default, default, default, default, default, default, default, default, default, default);

-- insertMessages
insert into "messages" ("id", "user_id", "organisation_id", "category", "kind", "params", "link", "critical", "source_type", "source_id", "created_at", "read_at") values (default, default, default, default, default, default, default, default, default, default, default, default) returning "id";

-- lease
update "message_deliveries" set "not_before" = now() + make_interval(secs => $1) where ("message_deliveries"."id", "message_deliveries"."user_id") IN (SELECT * FROM unnest($2::int8[], $3::uuid[]));

-- markRead
update "messages" set "read_at" = now() where ("messages"."user_id" = $1 and "messages"."read_at" is null and "messages"."id" in $2 and "messages"."category" = $3);

-- preferencesOf
select "user_id", "channels", "quiet_start", "quiet_end", "updated_at" from "message_preferences" where "message_preferences"."user_id" = ANY($1::uuid[]);

-- recordOutcome
update "message_deliveries" set "status" = $1, "attempts" = "message_deliveries"."attempts" + 1, "reason" = $2, "sent_at" = $3 where ("message_deliveries"."id" = $4 and "message_deliveries"."user_id" = $5);

-- requeue
update "message_deliveries" set "status" = $1, "not_before" = now(), "reason" = $2 where ("message_deliveries"."id" = $3 and "message_deliveries"."user_id" = $4);

-- savePreferences
insert into "message_preferences" ("user_id", "channels", "quiet_start", "quiet_end", "updated_at") values (default, default, default, default, default) on conflict ("user_id") do update set "channels" = $1, "quiet_start" = $2, "quiet_end" = $3, "updated_at" = now();

-- unreadByCategory
select "category", count(*) from "messages" where ("messages"."user_id" = $1 and "messages"."read_at" is null) group by "messages"."category";

-- calendarOverrides
select "day", "kind", "name" from "calendar_days" order by "calendar_days"."day" asc;

-- deleteCalendarDay
delete from "calendar_days" where "calendar_days"."day" = $1;

-- listCalendarOverrides
select "day", "kind", "name" from "calendar_days" order by "calendar_days"."day" asc;

-- upsertCalendarDay
insert into "calendar_days" ("day", "kind", "name") values (default, default, default) on conflict ("day") do update set "kind" = $1, "name" = $2;

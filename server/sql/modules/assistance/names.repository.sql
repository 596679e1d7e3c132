-- assistanceNames.assistance_application
select "assistance_applications"."id", "members"."name" || ' · ' || "assistance_programmes"."name" from "assistance_applications" inner join "members" on ("members"."id" = "assistance_applications"."member_id" and "members"."province_code" = "assistance_applications"."province_code") inner join "assistance_programmes" on "assistance_programmes"."id" = "assistance_applications"."programme_id" where false;

-- assistanceNames.assistance_budget
select "assistance_budgets"."id", "assistance_programmes"."name" || ' ' || "assistance_budgets"."year" from "assistance_budgets" inner join "assistance_programmes" on "assistance_programmes"."id" = "assistance_budgets"."programme_id" where false;

-- assistanceNames.assistance_payment
select "assistance_payments"."id", "members"."name" || ' · ' || "assistance_programmes"."name" from "assistance_payments" inner join "assistance_applications" on ("assistance_applications"."id" = "assistance_payments"."application_id" and "assistance_applications"."province_code" = "assistance_payments"."province_code") inner join "members" on ("members"."id" = "assistance_applications"."member_id" and "members"."province_code" = "assistance_applications"."province_code") inner join "assistance_programmes" on "assistance_programmes"."id" = "assistance_applications"."programme_id" where false;

-- assistanceNames.assistance_programme
select "id", "name" from "assistance_programmes" where false;

-- assistanceNames.hardship_file
select "hardship_files"."id", "members"."name" from "hardship_files" inner join "members" on ("members"."id" = "hardship_files"."member_id" and "members"."province_code" = "hardship_files"."province_code") where false;

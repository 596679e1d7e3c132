-- membershipNames.checkoff_file
select "id", "file_name" from "checkoff_files" where false;

-- membershipNames.correction_request
select "correction_requests"."id", "members"."name" from "correction_requests" inner join "members" on ("members"."id" = "correction_requests"."member_id" and "members"."province_code" = "correction_requests"."province_code") where false;

-- membershipNames.join_application
select "id", "name" from "join_applications" where false;

-- membershipNames.member
select "id", "name" from "members" where false;

-- membershipNames.member_card
select "member_cards"."id", "members"."name" from "member_cards" inner join "members" on ("members"."id" = "member_cards"."member_id" and "members"."province_code" = "member_cards"."province_code") where false;

-- membershipNames.member_transfer
select "member_transfers"."id", "members"."name" from "member_transfers" inner join "members" on ("members"."id" = "member_transfers"."member_id" and "members"."province_code" = "member_transfers"."province_code") where false;

-- membershipNames.roster_import
select "id", "file_name" from "roster_imports" where false;

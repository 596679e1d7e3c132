-- rightsNames.rights_case
select "id", "title" from "rights_cases" where (false and "rights_cases"."confidential" = $1);

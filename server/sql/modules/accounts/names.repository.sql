-- accountNames.api_token
select "id", "name" from "api_tokens" where false;

-- accountNames.user
select "id", "display_name" from "users" where false;

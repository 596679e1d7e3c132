-- democracyNames.congress_proposal
select "id", concat_ws(' ', "number", "title") from "congress_proposals" where false;

-- democracyNames.congress_session
select "id", "title" from "congress_sessions" where false;

-- democracyNames.disclosure_notice
select "id", "title" from "disclosure_notices" where false;

-- democracyNames.vote
select "id", "title" from "votes" where false;

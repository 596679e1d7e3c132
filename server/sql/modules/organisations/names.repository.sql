-- organisationNames.employer
select "id", "name" from "employers" where false;

-- organisationNames.organisation
select "id", "name" from "organisations" where false;

-- findOrganisation
select "id", "name", "path", "region_code", "level", "type", "status" from "organisations" where "organisations"."id" = $1;

-- findOrganisationInScope
select "id", "name", "path", "region_code", "level", "type", "status" from "organisations" where ("organisations"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- organisationExists
select "id" from "organisations" where "organisations"."id" = $1;

-- organisationNames
select "id", "name" from "organisations" where "organisations"."id" in ($1);

-- organisationsOnPath
select "id", "name", "path", "level" from "organisations" where "organisations"."id" in ($1) order by nlevel("organisations"."path");

-- provinceOfOrganisation (stopped early on stand-in arguments)
select "region_code" from "organisations" where "organisations"."id" = $1;

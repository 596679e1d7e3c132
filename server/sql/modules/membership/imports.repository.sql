-- decideImportConflict
update "roster_import_errors" set "resolution" = $1, "resolved_by" = $2, "resolved_at" = $3 where ("roster_import_errors"."import_id" = $4 and "roster_import_errors"."row_number" = $5 and "roster_import_errors"."problems" @> '[{"messageKey":"import.name_conflict"}]'::jsonb and "roster_import_errors"."resolution" IS NULL) returning "id";

-- failAbandonedImports
update "roster_imports" set "status" = $1, "failure" = $2, "finished_at" = $3 where ("roster_imports"."status" = $4 and "roster_imports"."heartbeat_at" < now() - make_interval(secs => $5) and pg_try_advisory_xact_lock(hashtext('roster-import:' || "roster_imports"."id"::text)));

-- failImportLeftRunning
update "roster_imports" set "status" = $1, "failure" = $2, "finished_at" = $3 where ("roster_imports"."id" = $4 and "roster_imports"."status" = $5) returning "id", "province_code", "organisation_id", "created_by", "file_name", "format", "dry_run", "status", "total_rows", "created_rows", "updated_rows", "unchanged_rows", "rejected_rows", "committed_rows", "conflict_rows", "cleared", "carried_fields", "file_bytes", "read_bytes", "heartbeat_at", "failure", "created_at", "finished_at";

-- findImportConflict
select "id", "province_code", "import_id", "row_number", "problems", "cells_enc", "resolution", "resolved_by", "resolved_at" from "roster_import_errors" where ("roster_import_errors"."import_id" = $1 and "roster_import_errors"."row_number" = $2 and "roster_import_errors"."problems" @> '[{"messageKey":"import.name_conflict"}]'::jsonb);

-- findImportInScope
select "roster_imports"."id", "roster_imports"."province_code", "roster_imports"."organisation_id", "roster_imports"."created_by", "roster_imports"."file_name", "roster_imports"."format", "roster_imports"."dry_run", "roster_imports"."status", "roster_imports"."total_rows", "roster_imports"."created_rows", "roster_imports"."updated_rows", "roster_imports"."unchanged_rows", "roster_imports"."rejected_rows", "roster_imports"."committed_rows", "roster_imports"."conflict_rows", "roster_imports"."cleared", "roster_imports"."carried_fields", "roster_imports"."file_bytes", "roster_imports"."read_bytes", "roster_imports"."heartbeat_at", "roster_imports"."failure", "roster_imports"."created_at", "roster_imports"."finished_at" from "roster_imports" inner join "organisations" "import_organisation" on "import_organisation"."id" = "roster_imports"."organisation_id" where ("roster_imports"."id" = $1 and "import_organisation"."path" <@ ANY($2::ltree[]));

-- importExists
select "id" from "roster_imports" where "roster_imports"."id" = $1;

-- insertImport
insert into "roster_imports" ("id", "province_code", "organisation_id", "created_by", "file_name", "format", "dry_run", "status", "total_rows", "created_rows", "updated_rows", "unchanged_rows", "rejected_rows", "committed_rows", "conflict_rows", "cleared", "carried_fields", "file_bytes", "read_bytes", "heartbeat_at", "failure", "created_at", "finished_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) returning "id", "province_code", "organisation_id", "created_by", "file_name", "format", "dry_run", "status", "total_rows", "created_rows", "updated_rows", "unchanged_rows", "rejected_rows", "committed_rows", "conflict_rows", "cleared", "carried_fields", "file_bytes", "read_bytes", "heartbeat_at", "failure", "created_at", "finished_at";

-- iterateImportErrors
select "id", "province_code", "import_id", "row_number", "problems", "cells_enc", "resolution", "resolved_by", "resolved_at" from "roster_import_errors" where ("roster_import_errors"."import_id" = $1 and "roster_import_errors"."id" > $2) order by "roster_import_errors"."id" asc limit $3;

-- listImportConflicts
select "id", "province_code", "import_id", "row_number", "problems", "cells_enc", "resolution", "resolved_by", "resolved_at" from "roster_import_errors" where ("roster_import_errors"."import_id" = $1 and "roster_import_errors"."problems" @> '[{"messageKey":"import.name_conflict"}]'::jsonb) order by "roster_import_errors"."row_number" asc limit $2;

select count(*) from "roster_import_errors" where ("roster_import_errors"."import_id" = $1 and "roster_import_errors"."problems" @> '[{"messageKey":"import.name_conflict"}]'::jsonb);

-- listImports
select "roster_imports"."id", "roster_imports"."province_code", "roster_imports"."organisation_id", "roster_imports"."created_by", "roster_imports"."file_name", "roster_imports"."format", "roster_imports"."dry_run", "roster_imports"."status", "roster_imports"."total_rows", "roster_imports"."created_rows", "roster_imports"."updated_rows", "roster_imports"."unchanged_rows", "roster_imports"."rejected_rows", "roster_imports"."committed_rows", "roster_imports"."conflict_rows", "roster_imports"."cleared", "roster_imports"."carried_fields", "roster_imports"."file_bytes", "roster_imports"."read_bytes", "roster_imports"."heartbeat_at", "roster_imports"."failure", "roster_imports"."created_at", "roster_imports"."finished_at" from "roster_imports" inner join "organisations" "import_organisation" on "import_organisation"."id" = "roster_imports"."organisation_id" where ("import_organisation"."path" <@ $1::ltree) order by "roster_imports"."created_at" desc limit $2;

select count(*) from "roster_imports" inner join "organisations" "import_organisation" on "import_organisation"."id" = "roster_imports"."organisation_id" where ("import_organisation"."path" <@ $1::ltree);

-- ROSTER_IMPORT.exists
select "id" from "roster_imports" where "roster_imports"."id" = $1;

-- ROSTER_IMPORT.inScope
select "roster_imports"."id", "roster_imports"."province_code", "roster_imports"."organisation_id", "roster_imports"."created_by", "roster_imports"."file_name", "roster_imports"."format", "roster_imports"."dry_run", "roster_imports"."status", "roster_imports"."total_rows", "roster_imports"."created_rows", "roster_imports"."updated_rows", "roster_imports"."unchanged_rows", "roster_imports"."rejected_rows", "roster_imports"."committed_rows", "roster_imports"."conflict_rows", "roster_imports"."cleared", "roster_imports"."carried_fields", "roster_imports"."file_bytes", "roster_imports"."read_bytes", "roster_imports"."heartbeat_at", "roster_imports"."failure", "roster_imports"."created_at", "roster_imports"."finished_at" from "roster_imports" inner join "organisations" "import_organisation" on "import_organisation"."id" = "roster_imports"."organisation_id" where ("roster_imports"."id" = $1 and "import_organisation"."path" <@ ANY($2::ltree[]));

-- recordImportProgress
INSERT INTO roster_import_errors (import_id, province_code, row_number, problems, cells_enc)
       SELECT $1, $5, * FROM unnest($2::int[], $3::jsonb[], $4::bytea[]);

UPDATE roster_imports SET total_rows = $2, created_rows = $3, updated_rows = $4, unchanged_rows = $5,
       rejected_rows = $6, committed_rows = $7, conflict_rows = $8, cleared = $9, heartbeat_at = now() WHERE id = $1;

-- documentOf
select "id", "province_code", "application_id", "file_id", "kind", "file_name", "media_type", "size", "sha256", "content", "uploaded_by", "created_at" from "assistance_documents" where ("assistance_documents"."id" = $1 and ("assistance_documents"."file_id" = $2 and "assistance_documents"."province_code" = $3));

-- documentsOf
select "id", "kind", "file_name", "media_type", "size", "created_at" from "assistance_documents" where ("assistance_documents"."file_id" = $1 and "assistance_documents"."province_code" = $2) order by "assistance_documents"."created_at" asc;

-- insertDocument (stopped early on stand-in arguments)
insert into "assistance_documents" ("id", "province_code", "application_id", "file_id", "kind", "file_name", "media_type", "size", "sha256", "content", "uploaded_by", "created_at") values (default, default, default, default, default, default, default, default, default, default, default, default) returning "id";

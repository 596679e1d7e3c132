-- documentOf
select "id", "province_code", "application_id", "file_id", "kind", "uploaded_by", "created_at" from "assistance_documents" where ("assistance_documents"."id" = $1 and ("assistance_documents"."file_id" = $2 and "assistance_documents"."province_code" = $3));

-- documentsOf
select "assistance_documents"."id", "assistance_documents"."kind", "documents"."file_name", "documents"."media_type", "documents"."size", "assistance_documents"."created_at" from "assistance_documents" inner join "documents" on ("documents"."id" = "assistance_documents"."id" and "documents"."province_code" = "assistance_documents"."province_code") where ("assistance_documents"."file_id" = $1 and "assistance_documents"."province_code" = $2) order by "assistance_documents"."created_at" asc;

-- insertDocument (stopped early on stand-in arguments)
insert into "assistance_documents" ("id", "province_code", "application_id", "file_id", "kind", "uploaded_by", "created_at") values (default, default, default, default, default, default, default) returning "id";

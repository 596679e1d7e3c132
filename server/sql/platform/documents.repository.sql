-- findDocument
select "id", "file_name", "media_type", "size", "sha256", "content" from "documents" where ("documents"."id" = $1 and "documents"."province_code" = $2);

-- insertDocument (stopped early on stand-in arguments)
insert into "documents" ("id", "province_code", "file_name", "media_type", "size", "sha256", "content", "uploaded_by", "created_at") values (default, default, default, default, default, default, default, default, default) returning "id";

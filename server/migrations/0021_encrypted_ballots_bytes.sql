-- Encrypted ballots were stored as their wire JSON (hex digits in text); now as bytes, less than
-- half the size, in the layout of server/src/modules/democracy/ballot-bytes.ts. Ballots already
-- stored are repacked here by a function that exists only while this migration runs (a plain one,
-- not pg_temp, so Citus creates and drops it on every node).
CREATE FUNCTION gonghui_pack_ballot(ballot jsonb) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT decode(
    '01' || (ballot ->> 'formKey')
    || lpad(to_hex(jsonb_array_length(ballot -> 'marks')), 4, '0')
    || lpad(to_hex(jsonb_array_length(ballot -> 'sumProof')), 4, '0')
    || coalesce((
      SELECT string_agg(
        lpad(to_hex(jsonb_array_length(m -> 'proof')), 2, '0')
        || (m -> 'ciphertext' ->> 'a') || (m -> 'ciphertext' ->> 'b')
        || coalesce((
          SELECT string_agg((p ->> 'A') || (p ->> 'B') || (p ->> 'c') || (p ->> 'v'), '' ORDER BY j)
          FROM jsonb_array_elements(m -> 'proof') WITH ORDINALITY AS q(p, j)), ''),
        '' ORDER BY i)
      FROM jsonb_array_elements(ballot -> 'marks') WITH ORDINALITY AS t(m, i)), '')
    || coalesce((
      SELECT string_agg((p ->> 'A') || (p ->> 'B') || (p ->> 'c') || (p ->> 'v'), '' ORDER BY j)
      FROM jsonb_array_elements(ballot -> 'sumProof') WITH ORDINALITY AS s(p, j)), ''),
    'hex')
$$;
--> statement-breakpoint
ALTER TABLE "vote_encrypted_ballots" ALTER COLUMN "ballot" SET DATA TYPE bytea USING gonghui_pack_ballot("ballot"::jsonb);
--> statement-breakpoint
-- Random bytes do not compress: kept out of line and uncompressed, as 0020 had it for the text.
ALTER TABLE "vote_encrypted_ballots" ALTER COLUMN "ballot" SET STORAGE EXTERNAL;
--> statement-breakpoint
DROP FUNCTION gonghui_pack_ballot(jsonb);

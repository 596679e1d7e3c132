-- An encrypted ballot's text is hex digits of random group elements: compression cannot shrink it,
-- and trying cost about a third of each insert's time (measured). Stored out of line, uncompressed.
ALTER TABLE "vote_encrypted_ballots" ALTER COLUMN "ballot" SET STORAGE EXTERNAL;

-- ltree: organisation paths ("this node and everything under it" is one indexed predicate).
-- pg_trgm: fuzzy Chinese name search with GIN trigram indexes.
CREATE EXTENSION IF NOT EXISTS ltree;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;

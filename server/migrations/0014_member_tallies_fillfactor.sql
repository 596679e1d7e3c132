-- Custom SQL: room on every page of the member tallies for their next counts. Reviewed by hand.

-- A batch of a roster import adds to some 85,000 tally rows (every union, its ancestors, and each
-- breakdown: status, form, gender, birth year, month joined). An update that finds room on its
-- page stays there (a HOT update) and touches no index; on full pages every update also inserted
-- into the primary key. Pages written from now on are left half empty; a rebuild (VACUUM FULL,
-- or recount_member_tallies on an empty table) applies it to all.
ALTER TABLE member_tallies SET (fillfactor = 50);

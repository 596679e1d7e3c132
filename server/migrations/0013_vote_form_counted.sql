-- Custom SQL: whether a ballot form is already counted in a vote. Reviewed by hand.

-- A retried cast (the same ballot form: receipt and choices) is answered with its receipt, so a
-- refused cast asks whether its form is in the box or among the mixed ballots. Both are looked up
-- by their key. The box is emptied at every close, so its statistics say "empty", and a plan
-- cached by a connection while it was empty would read the whole box for every refused cast once
-- it fills again; planned here without sequential scans, the look-up stays on the key.
CREATE OR REPLACE FUNCTION vote_form_counted(form_vote bigint, form_province text, form_receipt text, form_choices smallint[])
RETURNS boolean
LANGUAGE plpgsql STABLE
SET enable_seqscan = off
AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM vote_ballot_box b
                 WHERE b.vote_id = form_vote AND b.receipt = form_receipt AND b.province_code = form_province
                   AND b.choices = form_choices)
      OR EXISTS (SELECT 1 FROM vote_ballots b
                 WHERE b.vote_id = form_vote AND b.receipt = form_receipt AND b.province_code = form_province
                   AND b.choices = form_choices);
END $$;

-- Staff phone numbers sealed at rest, as beneficiaries' are (issue 8): new
-- and changed numbers go to phone_enc only. The numbers already in the
-- clear column are sealed by the store once it has the key (the key is not
-- known while migrating), which then empties the clear column; it stays,
-- always '', so an older binary's reads still work.
ALTER TABLE people ADD COLUMN phone_enc TEXT NOT NULL DEFAULT '';

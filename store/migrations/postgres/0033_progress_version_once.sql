-- The progress version's bump (0032) ran once per row written: a bulk load
-- of a province's network (150,000 rows in one transaction) updated the one
-- version row 150,000 times at its commit, and each update of a row the
-- transaction has already updated walks the versions it left before it, so
-- the commit was quadratic (20,000 rows: 46 s; the province had not
-- committed after 14 minutes). One bump a transaction is all a reader
-- needs: the first deferred firing marks the transaction (a setting local
-- to it, undone with it) and the rest see the mark.
CREATE OR REPLACE FUNCTION bump_progress_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('shuangbai.progress_bumped', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('shuangbai.progress_bumped', txid_current()::text, true);
        UPDATE data_versions SET version = version + 1 WHERE name = 'progress';
    END IF;
    RETURN NULL;
END
$$;

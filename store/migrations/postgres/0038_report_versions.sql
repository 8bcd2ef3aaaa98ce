-- The data version of the case files' report inputs (store/outcomes.go):
-- the files' region, household and day found, and the applications. A
-- period's outcomes count the households filed and the households linked
-- to relief, distinct counts no kept per-day count can sum: a province's
-- year read 300,000 files and joined its applications to theirs, 0.5 s of
-- CPU a request. Kept under this version, they are counted again only
-- after one of those changes. A visit changes none of them: it writes a
-- file's last visit and due day.
--
-- And the data version of the community activities (a dashboard's
-- activity figures, store/dashboard.go): a province's two years are
-- 400,000 activities, counted again only after one is recorded or changed.
--
-- Both are bumped at the commit, once a transaction, as the progress
-- version is (0032, 0033), by one function that the trigger names the
-- version to (its argument): a roster import of 100,000 files updates the
-- row once.
INSERT INTO data_versions (name, version) VALUES ('files', 1), ('activities', 1);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mark text := 'shuangbai.bumped_' || TG_ARGV[0];
BEGIN
    IF current_setting(mark, true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config(mark, txid_current()::text, true);
        UPDATE data_versions SET version = version + 1 WHERE name = TG_ARGV[0];
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER files_beneficiaries AFTER INSERT OR DELETE OR UPDATE OF region, household_id, found_on ON beneficiaries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('files');
CREATE CONSTRAINT TRIGGER files_applications AFTER INSERT OR DELETE OR UPDATE OF region, beneficiary_id, kind, status, prepared_on ON applications
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('files');
CREATE CONSTRAINT TRIGGER activities_version AFTER INSERT OR DELETE OR UPDATE OF region, held_on, kind, reached ON activities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('activities');

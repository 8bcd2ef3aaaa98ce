-- The data version of the case files' report inputs (store/outcomes.go):
-- the files' region, household and day found, and the applications. A
-- period's outcomes count the households filed and the households linked
-- to relief, distinct counts no kept per-day count can sum: a province's
-- year read 300,000 files and joined its applications to theirs, 0.5 s of
-- CPU a request. Kept under this version, they are counted again only
-- after one of those changes. A visit changes none of them: it writes a
-- file's last visit and due day.
--
-- Bumped at the commit, once a transaction, as the progress version is
-- (0032, 0033): a roster import of 100,000 files updates the row once.
INSERT INTO data_versions (name, version) VALUES ('files', 1);

CREATE FUNCTION bump_files_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('shuangbai.files_bumped', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('shuangbai.files_bumped', txid_current()::text, true);
        UPDATE data_versions SET version = version + 1 WHERE name = 'files';
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER files_beneficiaries AFTER INSERT OR DELETE OR UPDATE OF region, household_id, found_on ON beneficiaries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_files_version();
CREATE CONSTRAINT TRIGGER files_applications AFTER INSERT OR DELETE OR UPDATE OF region, beneficiary_id, kind, status, prepared_on ON applications
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_files_version();

-- The data version of the community activities (a dashboard's activity
-- figures, store/dashboard.go): a province's two years are 400,000
-- activities, counted again only after one is recorded or changed.
INSERT INTO data_versions (name, version) VALUES ('activities', 1);

CREATE FUNCTION bump_activities_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('shuangbai.activities_bumped', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('shuangbai.activities_bumped', txid_current()::text, true);
        UPDATE data_versions SET version = version + 1 WHERE name = 'activities';
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER activities_version AFTER INSERT OR DELETE OR UPDATE OF region, held_on, kind, reached ON activities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_activities_version();

-- The data version of the case files' report inputs (store/outcomes.go):
-- the files' region, household and day found, and the applications. A
-- period's outcomes count the households filed and the households linked
-- to relief, distinct counts no kept per-day count can sum: a province's
-- year read 300,000 files and joined its applications to theirs, 0.5 s of
-- CPU a request. Kept under this version, they are counted again only
-- after one of those changes. A visit changes none of them: it writes a
-- file's last visit and due day.
INSERT INTO data_versions (name, version) VALUES ('files', 1);

CREATE TRIGGER files_beneficiaries_insert AFTER INSERT ON beneficiaries
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'files'; END;

CREATE TRIGGER files_beneficiaries_update AFTER UPDATE OF region, household_id, found_on ON beneficiaries
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'files'; END;

CREATE TRIGGER files_beneficiaries_delete AFTER DELETE ON beneficiaries
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'files'; END;

CREATE TRIGGER files_applications_insert AFTER INSERT ON applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'files'; END;

CREATE TRIGGER files_applications_update AFTER UPDATE OF region, beneficiary_id, kind, status, prepared_on ON applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'files'; END;

CREATE TRIGGER files_applications_delete AFTER DELETE ON applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'files'; END;

-- The data version of the community activities (a dashboard's activity
-- figures, store/dashboard.go): a province's two years are 400,000
-- activities, counted again only after one is recorded or changed.
INSERT INTO data_versions (name, version) VALUES ('activities', 1);

CREATE TRIGGER activities_insert AFTER INSERT ON activities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'activities'; END;

CREATE TRIGGER activities_update AFTER UPDATE OF region, held_on, kind, reached ON activities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'activities'; END;

CREATE TRIGGER activities_delete AFTER DELETE ON activities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'activities'; END;

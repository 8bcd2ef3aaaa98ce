-- The data version of the progress table: every write to a table the
-- table is computed from bumps it, by trigger, so no write path can forget
-- to. A server caches computed tables under the version it read and serves
-- them again while it holds: a network's edits are rare, its reads many.

CREATE TABLE data_versions (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('progress', 1);

-- One bump per statement, not per row: a bulk load of 26,000 points is
-- one version.
CREATE FUNCTION bump_progress_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'progress';
    RETURN NULL;
END
$$;
CREATE TRIGGER progress_regions AFTER INSERT OR UPDATE OR DELETE ON regions FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();
CREATE TRIGGER progress_stations AFTER INSERT OR UPDATE OR DELETE ON stations FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();
CREATE TRIGGER progress_points AFTER INSERT OR UPDATE OR DELETE ON points FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();
CREATE TRIGGER progress_people AFTER INSERT OR UPDATE OR DELETE ON people FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();
CREATE TRIGGER progress_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();
CREATE TRIGGER progress_county_facts AFTER INSERT OR UPDATE OR DELETE ON county_facts FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();
CREATE TRIGGER progress_requirements AFTER INSERT OR UPDATE OR DELETE ON requirements FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();
CREATE TRIGGER progress_trainings AFTER INSERT OR UPDATE OR DELETE ON trainings FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();
CREATE TRIGGER progress_training_attendees AFTER INSERT OR UPDATE OR DELETE ON training_attendees FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();
CREATE TRIGGER progress_county_reports AFTER INSERT OR UPDATE OR DELETE ON county_reports FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();
CREATE TRIGGER progress_equipment_history AFTER INSERT OR UPDATE OR DELETE ON equipment_history FOR EACH STATEMENT EXECUTE FUNCTION bump_progress_version();

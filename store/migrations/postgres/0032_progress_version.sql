-- The data version of the progress table: every write to a table the
-- table is computed from bumps it, by trigger, so no write path can forget
-- to. A server caches computed tables under the version it read and serves
-- them again while it holds: a network's edits are rare, its reads many.

CREATE TABLE data_versions (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('progress', 1);

-- The bump is deferred to the commit (a constraint trigger, which
-- PostgreSQL has only per row): every transaction then takes the version's
-- row lock last, after its own rows, so two network edits never deadlock
-- through it, and the new version becomes visible with the data it counts.
CREATE FUNCTION bump_progress_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'progress';
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER progress_regions AFTER INSERT OR UPDATE OR DELETE ON regions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();
CREATE CONSTRAINT TRIGGER progress_stations AFTER INSERT OR UPDATE OR DELETE ON stations DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();
CREATE CONSTRAINT TRIGGER progress_points AFTER INSERT OR UPDATE OR DELETE ON points DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();
CREATE CONSTRAINT TRIGGER progress_people AFTER INSERT OR UPDATE OR DELETE ON people DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();
CREATE CONSTRAINT TRIGGER progress_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();
CREATE CONSTRAINT TRIGGER progress_county_facts AFTER INSERT OR UPDATE OR DELETE ON county_facts DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();
CREATE CONSTRAINT TRIGGER progress_requirements AFTER INSERT OR UPDATE OR DELETE ON requirements DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();
CREATE CONSTRAINT TRIGGER progress_trainings AFTER INSERT OR UPDATE OR DELETE ON trainings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();
CREATE CONSTRAINT TRIGGER progress_training_attendees AFTER INSERT OR UPDATE OR DELETE ON training_attendees DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();
CREATE CONSTRAINT TRIGGER progress_county_reports AFTER INSERT OR UPDATE OR DELETE ON county_reports DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();
CREATE CONSTRAINT TRIGGER progress_equipment_history AFTER INSERT OR UPDATE OR DELETE ON equipment_history DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_progress_version();

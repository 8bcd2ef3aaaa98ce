-- The data version of the progress table: every write to a table the
-- table is computed from bumps it, by trigger, so no write path can forget
-- to. A server caches computed tables under the version it read and serves
-- them again while it holds: a network's edits are rare, its reads many.

CREATE TABLE data_versions (
    name    TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('progress', 1);

CREATE TRIGGER progress_regions_insert AFTER INSERT ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_regions_update AFTER UPDATE ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_regions_delete AFTER DELETE ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_stations_insert AFTER INSERT ON stations
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_stations_update AFTER UPDATE ON stations
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_stations_delete AFTER DELETE ON stations
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_points_insert AFTER INSERT ON points
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_points_update AFTER UPDATE ON points
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_points_delete AFTER DELETE ON points
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_people_insert AFTER INSERT ON people
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_people_update AFTER UPDATE ON people
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_people_delete AFTER DELETE ON people
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_assignments_insert AFTER INSERT ON assignments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_assignments_update AFTER UPDATE ON assignments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_assignments_delete AFTER DELETE ON assignments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_county_facts_insert AFTER INSERT ON county_facts
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_county_facts_update AFTER UPDATE ON county_facts
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_county_facts_delete AFTER DELETE ON county_facts
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_requirements_insert AFTER INSERT ON requirements
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_requirements_update AFTER UPDATE ON requirements
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_requirements_delete AFTER DELETE ON requirements
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_trainings_insert AFTER INSERT ON trainings
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_trainings_update AFTER UPDATE ON trainings
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_trainings_delete AFTER DELETE ON trainings
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_training_attendees_insert AFTER INSERT ON training_attendees
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_training_attendees_update AFTER UPDATE ON training_attendees
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_training_attendees_delete AFTER DELETE ON training_attendees
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_county_reports_insert AFTER INSERT ON county_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_county_reports_update AFTER UPDATE ON county_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_county_reports_delete AFTER DELETE ON county_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_equipment_history_insert AFTER INSERT ON equipment_history
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_equipment_history_update AFTER UPDATE ON equipment_history
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

CREATE TRIGGER progress_equipment_history_delete AFTER DELETE ON equipment_history
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'progress'; END;

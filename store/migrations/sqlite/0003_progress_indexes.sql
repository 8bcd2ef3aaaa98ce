-- Covering indexes for the progress table: each of its grouped counts reads
-- an index, not the table (measured by BenchmarkProgressProvinceJSON).

CREATE INDEX stations_progress ON stations (region, status, built_on, equipment, office, office_since);
CREATE INDEX points_progress ON points (region, status, built_on, equipment, office, office_since);
CREATE INDEX stations_built ON stations (built_on);
CREATE INDEX points_built ON points (built_on);
CREATE INDEX assignments_progress ON assignments (region, date_from, date_to, station_id, point_id, person_id);
CREATE INDEX regions_level ON regions (level, kind, code, valid_from, valid_to);

-- Figures a county reported on the bureau's sheet, dated, for counties whose
-- sites are not (yet) registered in the system: the progress table uses them
-- only for a county with no site in the registry.

CREATE TABLE county_reports (
    id                 INTEGER PRIMARY KEY,
    region             TEXT NOT NULL,
    as_of              TEXT NOT NULL,
    stations_required  INTEGER NOT NULL,
    stations_built     INTEGER NOT NULL,
    stations_office    INTEGER NOT NULL,
    stations_equipment INTEGER NOT NULL,
    stations_staff     INTEGER NOT NULL,
    points_required    INTEGER NOT NULL,
    points_built       INTEGER NOT NULL,
    points_office      INTEGER NOT NULL,
    points_equipment   INTEGER NOT NULL,
    points_staff       INTEGER NOT NULL,
    trainings          INTEGER NOT NULL,
    recorded_at        TIMESTAMP NOT NULL,
    recorded_by        TEXT NOT NULL
);
CREATE INDEX county_reports_region ON county_reports (region, as_of);

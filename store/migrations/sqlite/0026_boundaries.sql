-- Region boundaries for the map (服务地图), uploaded per deployment by the
-- bureau (no boundary data ships: the common packages carry AMap data that
-- forbids commercial use, and a published map needs a 审图号) or generated
-- as the demo's schematic. One row per region; the shape is a GeoJSON
-- MultiPolygon in WGS-84, whatever the file declared. The box and the
-- label point are kept apart so a map can place a count without reading
-- the shape.
CREATE TABLE boundaries (
    region      TEXT PRIMARY KEY,
    level       INTEGER NOT NULL,
    shape       TEXT NOT NULL,
    min_lng     REAL NOT NULL,
    min_lat     REAL NOT NULL,
    max_lng     REAL NOT NULL,
    max_lat     REAL NOT NULL,
    label_lng   REAL NOT NULL,
    label_lat   REAL NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    source_crs  TEXT NOT NULL,
    schematic   BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded_by TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX boundaries_level ON boundaries (level, region);

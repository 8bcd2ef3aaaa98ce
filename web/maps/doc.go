// Package maps serves the service map (服务地图): stations and points as
// markers with their status, open files counted per region and coloured on
// the bureau's own boundaries (choropleth), and — for a social worker or
// station lead in her own town only — her people as markers, at the
// coordinates the station recorded. No boundary data ships: a city or
// county admin uploads GeoJSON per level, matched to region codes and
// converted from GCJ-02 when so declared. Without boundaries the map draws
// markers by their coordinates on a plain background, with the region
// tree as labels. Every view, print and PNG is marked 示意图.
package maps

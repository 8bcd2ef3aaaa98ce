package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"shuangbai"
)

// siteColumns are the columns stations and points share, in the order
// siteDest and siteArgs use.
const siteColumns = "name, status, built_on, office, office_address, office_since, equipment, lat, lng, phone"

func siteDest(s *shuangbai.Site) []any {
	return []any{&s.Name, (*string)(&s.Status), &s.BuiltOn, &s.Office, &s.OfficeAddress, &s.OfficeSince, (*uint8)(&s.Equipment), &s.Lat, &s.Lng, &s.Phone}
}

func siteArgs(s *shuangbai.Site) []any {
	return []any{s.Name, string(s.Status), s.BuiltOn, s.Office, s.OfficeAddress, s.OfficeSince, int(s.Equipment), s.Lat, s.Lng, s.Phone}
}

// siteFilter adds the conditions of f on the table aliased t.
func siteFilter(w *where, t string, scope shuangbai.Scope, f shuangbai.SiteFilter) {
	w.scope(t+".region", scope)
	if f.Region != "" {
		w.scope(t+".region", shuangbai.Scope{Code: f.Region})
	}
	if f.Status != "" {
		w.add(t+".status = ?", string(f.Status))
	}
	if f.Query != "" {
		w.add(t+".name LIKE ? ESCAPE '\\'", "%"+likeEscape(f.Query)+"%")
	}
}

// recordSite dates what the progress table reads of a site — built or
// planned, office, equipment: since the day it was built when it is first
// registered, since today when one of them changes. The version in force
// ends where the new one begins; a second change on one day replaces the
// first.
func (db *DB) recordSite(ctx context.Context, tx *sql.Tx, kind string, id int64, since shuangbai.Date, site shuangbai.Site) error {
	if since.IsZero() {
		since = db.today()
	}
	if _, err := tx.ExecContext(ctx, db.q("DELETE FROM equipment_history WHERE site_kind = ? AND site_id = ? AND since >= ?"), kind, id, since); err != nil {
		return fmt.Errorf("store: site history: %w", err)
	}
	if _, err := tx.ExecContext(ctx, db.q("UPDATE equipment_history SET until = ? WHERE site_kind = ? AND site_id = ? AND (until IS NULL OR until > ?)"),
		since, kind, id, since); err != nil {
		return fmt.Errorf("store: site history: %w", err)
	}
	_, err := tx.ExecContext(ctx, db.q("INSERT INTO equipment_history (site_kind, site_id, since, equipment, status, office) VALUES (?, ?, ?, ?, ?, ?)"),
		kind, id, since, int(site.Equipment), string(site.Status), site.Office)
	if err != nil {
		return fmt.Errorf("store: site history: %w", err)
	}
	return nil
}

// siteChanged reports whether a change touches what the history keeps.
func siteChanged(a, b shuangbai.Site) bool {
	return a.Equipment != b.Equipment || a.Status != b.Status || a.Office != b.Office
}

// equipmentJoin joins a site (alias s) to the version of its state in force
// on a day (two parameters, both the day). Read it through the columns of
// siteOn: a site with no history (generated data) falls back to its present
// state.
func equipmentJoin(kind string) string { return equipmentJoinAs(kind, "h") }

// equipmentJoinAs is equipmentJoin with the history under alias h, for a
// query that reads the sites on several days (siteCountsOn).
func equipmentJoinAs(kind, h string) string {
	return ` LEFT JOIN equipment_history ` + h + ` ON ` + h + `.site_kind = '` + kind + `' AND ` + h + `.site_id = s.id AND ` + h + `.since <= ? AND (` + h + `.until IS NULL OR ` + h + `.until > ?)`
}

// siteBuiltAs, siteOfficeAs and siteEquipAs are siteOn's expressions over
// the history joined as h.
func siteBuiltAs(h string) string {
	return `COALESCE(` + h + `.status, s.status) = 'built' AND s.built_on <= ?`
}
func siteOfficeAs(h string) string {
	return `COALESCE(` + h + `.office, s.office) AND COALESCE(s.office_since, s.built_on) <= ?`
}
func siteEquipAs(h string) string { return `COALESCE(` + h + `.equipment, s.equipment)` }

// siteOn are the SQL expressions of a site's state on the day of
// equipmentJoin: built (by then), office secured (by then), equipment.
const (
	siteBuiltOn  = `COALESCE(h.status, s.status) = 'built' AND s.built_on <= ?`
	siteOfficeOn = `COALESCE(h.office, s.office) AND COALESCE(s.office_since, s.built_on) <= ?`
	siteEquipOn  = `COALESCE(h.equipment, s.equipment)`
)

// SiteTally counts the stations and points under one region by status, for
// dashboards and the region tree.
type SiteTally struct {
	Code            string // the region the counts are for
	StationsBuilt   int
	StationsPlanned int
	PointsBuilt     int
	PointsPlanned   int
}

// Stations returns the number of stations, built or planned.
func (t SiteTally) Stations() int { return t.StationsBuilt + t.StationsPlanned }

// Points returns the number of points, built or planned.
func (t SiteTally) Points() int { return t.PointsBuilt + t.PointsPlanned }

// codeLen is the length of a region code at each level.
var codeLen = map[shuangbai.Level]int{
	shuangbai.LevelProvince: 2, shuangbai.LevelCity: 4, shuangbai.LevelCounty: 6,
	shuangbai.LevelTown: 9, shuangbai.LevelVillage: 12,
}

// SiteTallies counts the stations and points inside scope, grouped by the
// region at level by that contains each of them (LevelCounty: one tally per
// county). Regions with nothing to count are absent from the map. Counting
// happens in SQL so that a city's dashboard does not read every point.
func (db *DB) SiteTallies(ctx context.Context, scope shuangbai.Scope, by shuangbai.Level) (map[string]SiteTally, error) {
	n, ok := codeLen[by]
	if !ok {
		return nil, fmt.Errorf("store: site tallies: bad level %d", by)
	}
	out := map[string]SiteTally{}
	for _, table := range []string{"stations", "points"} {
		var w where
		w.scope("region", scope)
		prefix := "substr(region, 1, " + strconv.Itoa(n) + ")"
		rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT "+prefix+", status, COUNT(*) FROM "+table+" WHERE "+w.String()+
			" GROUP BY "+prefix+", status"), w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: site tallies: %w", err)
		}
		for rows.Next() {
			var code, status string
			var count int
			if err := rows.Scan(&code, &status, &count); err != nil {
				rows.Close()
				return nil, err
			}
			t := out[code]
			t.Code = code
			built := shuangbai.SiteStatus(status) == shuangbai.SiteBuilt
			switch {
			case table == "stations" && built:
				t.StationsBuilt += count
			case table == "stations":
				t.StationsPlanned += count
			case built:
				t.PointsBuilt += count
			default:
				t.PointsPlanned += count
			}
			out[code] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

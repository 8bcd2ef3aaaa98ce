package store

import (
	"context"
	"database/sql"
	"fmt"

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

// recordEquipment dates a site's checklist: since the day it was built when
// it is first registered, since today when it changes. The version in force
// ends where the new one begins; a second change on one day replaces the
// first.
func (db *DB) recordEquipment(ctx context.Context, tx *sql.Tx, kind string, id int64, since shuangbai.Date, eq shuangbai.Equipment) error {
	if since.IsZero() {
		since = db.today()
	}
	if _, err := tx.ExecContext(ctx, db.q("DELETE FROM equipment_history WHERE site_kind = ? AND site_id = ? AND since >= ?"), kind, id, since); err != nil {
		return fmt.Errorf("store: equipment history: %w", err)
	}
	if _, err := tx.ExecContext(ctx, db.q("UPDATE equipment_history SET until = ? WHERE site_kind = ? AND site_id = ? AND (until IS NULL OR until > ?)"),
		since, kind, id, since); err != nil {
		return fmt.Errorf("store: equipment history: %w", err)
	}
	_, err := tx.ExecContext(ctx, db.q("INSERT INTO equipment_history (site_kind, site_id, since, equipment) VALUES (?, ?, ?, ?)"), kind, id, since, int(eq))
	if err != nil {
		return fmt.Errorf("store: equipment history: %w", err)
	}
	return nil
}

// equipmentJoin joins a site (alias s) to the version of its checklist in
// force on a day (two parameters, both the day). Select
// COALESCE(h.equipment, s.equipment): a site with no history (generated
// data) is graded by its present checklist.
func equipmentJoin(kind string) string {
	return ` LEFT JOIN equipment_history h ON h.site_kind = '` + kind + `' AND h.site_id = s.id AND h.since <= ? AND (h.until IS NULL OR h.until > ?)`
}

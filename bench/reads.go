package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	"shuangbai/gen"
)

// read is one main read: the request a client sends, and the best
// hand-written SQL for the same answer on the same database.
type read struct {
	name string
	as   string // account key
	path string
	sql  func(ctx context.Context, t *target) error
}

// day is the server's today and the period the reports cover.
const (
	today    = "2026-01-01"
	weekOut  = "2026-01-08"
	yearFrom = "2025-01-01"
	yearTo   = "2025-12-31"
)

func reads(t *target) []read {
	f := t.fx
	lo, hi := f.county, f.county+"~"
	cityLo, cityHi := f.city, f.city+"~"
	fileCols := "id, region, name, gender, birth, level, open, last_visit, next_due, worker_id"
	// Each SQL reads every row and column it returns, as the server must.
	rs := []read{
		{"request floor (GET /api/v1/me)", "county", "/api/v1/me", func(ctx context.Context, t *target) error {
			return t.all(ctx, `SELECT u.id, u.username, u.role, u.region FROM sessions s JOIN users u ON u.id = s.user_id
				WHERE s.token_hash = ? AND s.expires_at > ?`, "x", today)
		}},
		{"worklist (a worker's week)", "worker", "/api/v1/worklist", func(ctx context.Context, t *target) error {
			return t.all(ctx, `SELECT b.id, b.region, b.name, b.level, b.last_visit, b.next_due, r.name FROM beneficiaries b
				JOIN regions r ON r.code = b.region WHERE b.worker_id = ? AND b.open AND b.next_due <= ? ORDER BY b.next_due, b.id LIMIT 1000`, f.worker, weekOut)
		}},
		{"beneficiary by name", "county", "/api/v1/beneficiaries?q=" + url.QueryEscape(f.name), func(ctx context.Context, t *target) error {
			return t.all(ctx, `SELECT `+fileCols+` FROM beneficiaries WHERE name >= ? AND name < ? AND region >= ? AND region < ? AND open
				ORDER BY name, id LIMIT 51`, f.name, f.name+"\U0010FFFF", lo, hi)
		}},
		{"beneficiary by ID number", "county", "/api/v1/beneficiaries?q=" + f.idNumber, func(ctx context.Context, t *target) error {
			return t.all(ctx, `SELECT `+fileCols+`, id_number_enc, phone_enc FROM beneficiaries WHERE id_number_hash = ? AND region >= ? AND region < ?`, f.idHash, lo, hi)
		}},
		{"county list, page 1", "county", "/api/v1/beneficiaries?limit=50", func(ctx context.Context, t *target) error {
			return t.all(ctx, `SELECT `+fileCols+` FROM beneficiaries WHERE region >= ? AND region < ? AND open ORDER BY id LIMIT 51`, lo, hi)
		}},
		{"county list, page 100", "county", fmt.Sprintf("/api/v1/beneficiaries?limit=50&after=%d", f.after100), func(ctx context.Context, t *target) error {
			return t.all(ctx, `SELECT `+fileCols+` FROM beneficiaries WHERE region >= ? AND region < ? AND open AND id > ? ORDER BY id LIMIT 51`, lo, hi, f.after100)
		}},
		{"progress table, city", "city", "/api/v1/reports/progress?region=" + f.city + "&date=" + yearTo, func(ctx context.Context, t *target) error {
			return t.progressSQL(ctx, cityLo, cityHi, 6)
		}},
		{"progress table, province", "province", "/api/v1/reports/progress?region=" + gen.ProvinceCode + "&date=" + yearTo, func(ctx context.Context, t *target) error {
			return t.progressSQL(ctx, gen.ProvinceCode, gen.ProvinceCode+"~", 4)
		}},
		{"outcomes (county, a year)", "county", "/api/v1/reports/outcomes?region=" + f.county + "&from=" + yearFrom + "&to=" + yearTo, func(ctx context.Context, t *target) error {
			if err := t.all(ctx, `SELECT g.grp, COUNT(*) FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id
				WHERE b.region >= ? AND b.region < ? AND b.found_on BETWEEN ? AND ? GROUP BY g.grp`, lo, hi, yearFrom, yearTo); err != nil {
				return err
			}
			if err := t.all(ctx, `SELECT COUNT(*), COUNT(DISTINCT beneficiary_id), SUM(CASE WHEN kind = 'home' THEN 1 ELSE 0 END) FROM visits
				WHERE region >= ? AND region < ? AND visited_on BETWEEN ? AND ?`, lo, hi, yearFrom, yearTo); err != nil {
				return err
			}
			return t.all(ctx, `SELECT kind, status, COUNT(*) FROM applications WHERE region >= ? AND region < ? AND prepared_on BETWEEN ? AND ? GROUP BY kind, status`,
				lo, hi, yearFrom, yearTo)
		}},
		{"dashboard (city)", "city", "/api/v1/dashboard?region=" + f.city, func(ctx context.Context, t *target) error {
			if err := t.progressSQL(ctx, cityLo, cityHi, 6); err != nil {
				return err
			}
			return t.all(ctx, `SELECT substr(region, 1, 6), COUNT(*), SUM(CASE WHEN next_due < ? THEN 1 ELSE 0 END) FROM beneficiaries
				WHERE region >= ? AND region < ? AND open GROUP BY 1`, today, cityLo, cityHi)
		}},
		{"escalations (county tier)", "county", "/api/v1/escalations?tier=county", func(ctx context.Context, t *target) error {
			return t.all(ctx, `SELECT b.id, b.region, b.name, b.level, b.last_visit, b.next_due, b.worker_id FROM beneficiaries b
				WHERE b.region >= ? AND b.region < ? AND b.open AND b.next_due < ? ORDER BY b.next_due, b.id LIMIT 200`, lo, hi, "2025-12-18")
		}},
		{"政策找人 (county)", "county", "/api/v1/eligible?region=" + f.county, func(ctx context.Context, t *target) error {
			return t.all(ctx, `SELECT b.id, b.name, b.region, b.worker_id, g.grp FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id
				WHERE b.region >= ? AND b.region < ? AND b.open AND g.grp IN ('dibao', 'tekun', 'disabled', 'elderly_alone', 'marginal')
				AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.beneficiary_id = b.id) ORDER BY b.region, b.id LIMIT 100`, lo, hi)
		}},
		{"search (老人)", "province", "/api/v1/search?q=" + url.QueryEscape("老人"), func(ctx context.Context, t *target) error {
			return t.all(ctx, `SELECT id, kind, item_id, region, title, published_at FROM search_items WHERE id IN (SELECT doc FROM search_grams WHERE gram = ?)
				ORDER BY published_at DESC LIMIT 20`, "老人")
		}},
	}
	if f.campaign != 0 {
		rs = append(rs, read{"campaign ranking (the city's latest)", "city", fmt.Sprintf("/api/v1/campaigns/%d/ranking", f.campaign), func(ctx context.Context, t *target) error {
			if err := t.all(ctx, `SELECT id, year, region, kind, title, written_weight, interview_ratio, medical_ratio FROM campaigns WHERE id = ?`, f.campaign); err != nil {
				return err
			}
			if err := t.all(ctx, `SELECT id, code, region, station_id, title, places FROM campaign_posts WHERE campaign_id = ? ORDER BY region, code`, f.campaign); err != nil {
				return err
			}
			return t.all(ctx, `SELECT id, post_id, region, number, name, review, written, interview, medical, person_id FROM applicants
				WHERE campaign_id = ? AND region >= ? AND region < ? ORDER BY post_id, id`, f.campaign, cityLo, cityHi)
		}})
	}
	return rs
}

// progressSQL is the core of the progress table by hand: per child region
// (its code is the first n characters), the towns and villages required,
// the stations and points built by the day, and the staff assigned on it.
func (t *target) progressSQL(ctx context.Context, lo, hi string, n int) error {
	k := fmt.Sprintf("substr(region, 1, %d)", n)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`SELECT substr(code, 1, ` + fmt.Sprint(n) + `), level, COUNT(*) FROM regions WHERE code >= ? AND code < ? AND level >= 4 GROUP BY 1, 2`, []any{lo, hi}},
		{`SELECT ` + k + `, COUNT(*), SUM(CASE WHEN built_on <= ? THEN 1 ELSE 0 END) FROM stations WHERE region >= ? AND region < ? GROUP BY 1`, []any{yearTo, lo, hi}},
		{`SELECT ` + k + `, COUNT(*), SUM(CASE WHEN built_on <= ? THEN 1 ELSE 0 END) FROM points WHERE region >= ? AND region < ? GROUP BY 1`, []any{yearTo, lo, hi}},
		{`SELECT ` + k + `, COUNT(DISTINCT person_id) FROM assignments WHERE region >= ? AND region < ? AND date_from <= ?
			AND (date_to IS NULL OR date_to >= ?) GROUP BY 1`, []any{lo, hi, yearTo, yearTo}},
	} {
		if err := t.all(ctx, q.sql, q.args...); err != nil {
			return err
		}
	}
	return nil
}

// all runs a query and reads every column of every row.
func (t *target) all(ctx context.Context, q string, args ...any) error {
	rows, err := t.raw.QueryContext(ctx, t.q(q), args...)
	if err != nil {
		return fmt.Errorf("%w: %s", err, q)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	for i := range vals {
		vals[i] = new(sql.RawBytes)
	}
	for rows.Next() {
		if err := rows.Scan(vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}

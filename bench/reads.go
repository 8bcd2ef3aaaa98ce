package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"

	"shuangbai"
	"shuangbai/gen"
)

// tokenHash is how the store keeps a token (store.hashToken).
func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// read is one main read: the request a client sends, and the best
// hand-written SQL for the same answer on the same database.
type read struct {
	name string
	as   string // account key
	path string
	sql  func(ctx context.Context, t *target) error
	// prep, if set, runs untimed before each call of either side.
	prep func(ctx context.Context) error
}

// day is the server's today (benchClock: the generated history's last
// day) and the period the reports cover.
var (
	today    = gen.AsOf.String()
	weekOut  = gen.AsOf.AddDays(6).String() // the worklist's six days ahead
	yearFrom = "2025-01-01"
	yearTo   = "2025-12-31"
)

// Each SQL answers what the server answers: the same rows, with every
// column and joined name the answer carries (a file's groups, its village,
// town and county, its worker's name), read in full. What SQL cannot do is
// left to the server alone: opening the sealed ID and phone numbers,
// wording the reasons of 政策找人, highlighting a search, JSON.
func reads(t *target) []read {
	f := t.fx
	lo, hi := f.county, f.county+"~"
	cityLo, cityHi := f.city, f.city+"~"
	groups := "group_concat(g.grp, ',')"
	if t.pg {
		groups = "string_agg(g.grp, ',')"
	}
	// A file as the lists answer it.
	file := `SELECT b.id, b.region, b.household_id, b.relation, b.name, b.gender, b.birth, b.id_number_enc, b.phone_enc, b.address,
		b.lat, b.lng, b.disability, b.found_by, b.found_on, b.worker_id, b.level, b.open, b.closed_on, b.closed_why, b.last_visit, b.next_due,
		b.created_at, b.updated_at, (SELECT ` + groups + ` FROM beneficiary_groups g WHERE g.beneficiary_id = b.id),
		rc.name, rt.name, rv.name, p.name
		FROM beneficiaries b
		LEFT JOIN regions rv ON rv.code = b.region AND rv.valid_to IS NULL
		LEFT JOIN regions rt ON rt.code = substr(b.region, 1, 9) AND rt.valid_to IS NULL
		LEFT JOIN regions rc ON rc.code = substr(b.region, 1, 6) AND rc.valid_to IS NULL
		LEFT JOIN people p ON p.id = b.worker_id `
	// A worklist row: the file's village and worker named.
	due := `SELECT b.id, b.region, b.name, b.level, b.last_visit, b.next_due, b.worker_id, r.name, p.name FROM beneficiaries b
		LEFT JOIN regions r ON r.code = b.region AND r.valid_to IS NULL LEFT JOIN people p ON p.id = b.worker_id `
	rs := []read{
		{"request floor (GET /api/v1/me)", "county", "/api/v1/me", func(ctx context.Context, t *target) error {
			return t.all(ctx, `SELECT u.id, u.username, u.name, u.role, u.region FROM sessions s JOIN users u ON u.id = s.user_id
				WHERE s.token_hash = ? AND s.kind = 'api' AND s.expires_at > ? AND NOT u.disabled`, tokenHash(t.tokens["county"]), time.Now().UTC())
		}, nil},
		{"worklist (a worker's week)", "worker", "/api/v1/worklist", func(ctx context.Context, t *target) error {
			return t.all(ctx, due+`WHERE b.worker_id = ? AND b.open AND b.next_due <= ? AND b.region >= ? AND b.region < ?
				ORDER BY b.next_due, b.id LIMIT 500`, f.worker, weekOut, f.town, f.town+"~")
		}, nil},
		{"beneficiary by name", "county", "/api/v1/beneficiaries?q=" + url.QueryEscape(f.name), func(ctx context.Context, t *target) error {
			return t.all(ctx, file+`WHERE b.name >= ? AND b.name < ? AND b.region >= ? AND b.region < ? AND b.open
				ORDER BY b.name, b.id LIMIT 51`, f.name, f.name+"\U0010FFFF", lo, hi)
		}, nil},
		{"beneficiary by ID number", "county", "/api/v1/beneficiaries?q=" + f.idNumber, func(ctx context.Context, t *target) error {
			return t.all(ctx, file+`WHERE b.id_number_hash = ? AND b.region >= ? AND b.region < ? AND b.open`, f.idHash, lo, hi)
		}, nil},
		{"county list, page 1", "county", "/api/v1/beneficiaries?limit=50", func(ctx context.Context, t *target) error {
			return t.all(ctx, file+`WHERE b.region >= ? AND b.region < ? AND b.open ORDER BY b.region, b.id LIMIT 51`, lo, hi)
		}, nil},
		{"county list, page 100", "county", fmt.Sprintf("/api/v1/beneficiaries?limit=50&after=%d", f.after100), func(ctx context.Context, t *target) error {
			// The cursor is an id; the list goes in (region, id) order.
			var region string
			if err := t.raw.QueryRowContext(ctx, t.q(`SELECT region FROM beneficiaries WHERE id = ?`), f.after100).Scan(&region); err != nil {
				return err
			}
			return t.all(ctx, file+`WHERE b.region >= ? AND b.region < ? AND b.open AND (b.region, b.id) > (?, ?)
				ORDER BY b.region, b.id LIMIT 51`, lo, hi, region, f.after100)
		}, nil},
		{"progress table, city", "city", "/api/v1/reports/progress?region=" + f.city + "&date=" + yearTo, func(ctx context.Context, t *target) error {
			return t.progressSQL(ctx, cityLo, cityHi, 6)
		}, nil},
		{"progress table, province", "province", "/api/v1/reports/progress?region=" + gen.ProvinceCode + "&date=" + yearTo, func(ctx context.Context, t *target) error {
			return t.progressSQL(ctx, gen.ProvinceCode, gen.ProvinceCode+"~", 4)
		}, nil},
		{"outcomes (county, a year)", "county", "/api/v1/reports/outcomes?region=" + f.county + "&from=" + yearFrom + "&to=" + yearTo, func(ctx context.Context, t *target) error {
			return t.outcomesSQL(ctx, lo, hi)
		}, nil},
		{"outcomes (city, a year)", "city", "/api/v1/reports/outcomes?region=" + f.city + "&from=" + yearFrom + "&to=" + yearTo, func(ctx context.Context, t *target) error {
			return t.outcomesSQL(ctx, cityLo, cityHi)
		}, nil},
		// The server keeps a report's counts of files and applications
		// under the files version, and the read above is served from there
		// after its first call; here a file has just been filed before
		// every call, and the server counts everything too.
		{"outcomes (city, a year, a file just filed)", "city", "/api/v1/reports/outcomes?region=" + f.city + "&from=" + yearFrom + "&to=" + yearTo, func(ctx context.Context, t *target) error {
			return t.outcomesSQL(ctx, cityLo, cityHi)
		}, t.bumpFiles},
		{"dashboard (city)", "city", "/api/v1/dashboard?region=" + f.city, func(ctx context.Context, t *target) error {
			return t.dashboardSQL(ctx)
		}, nil},
		// The server keeps a dashboard's network figures under the progress
		// version, its applications under the files version and its
		// activities under the activities version, and the read above is
		// served from there after its first call, while the SQL side
		// computes them each time. Here all three have just moved on
		// before every call, as after a station's edit, a file's filing
		// and an activity's record: the server computes everything too.
		{"dashboard (city, all just changed)", "city", "/api/v1/dashboard?region=" + f.city, func(ctx context.Context, t *target) error {
			return t.dashboardSQL(ctx)
		}, t.bumpAll},
		{"escalations (county tier)", "county", "/api/v1/escalations?tier=county", func(ctx context.Context, t *target) error {
			// Late past the county's grace of the file's level.
			// The least grace bounds the index range.
			cond, args, least := "", []any{}, 0
			for l := shuangbai.Level4(1); l <= 4; l++ {
				if cond != "" {
					cond += " OR "
				}
				days := t.graces.For(l).County
				cond += "(b.level = ? AND b.next_due < ?)"
				args = append(args, int(l), gen.AsOf.AddDays(-days).String())
				if least == 0 || days < least {
					least = days
				}
			}
			args = append([]any{lo, hi, gen.AsOf.AddDays(-least).String()}, args...)
			return t.all(ctx, due+`WHERE b.region >= ? AND b.region < ? AND b.open AND b.next_due < ? AND (`+cond+`)
				ORDER BY b.next_due, b.id LIMIT 201`, args...)
		}, nil},
		{"政策找人 (county)", "county", "/api/v1/eligible?region=" + f.county, func(ctx context.Context, t *target) error {
			return t.all(ctx, eligibleSQL, lo, hi, today, gen.AsOf.Time().AddDate(-80, 0, 0).Format("2006-01-02"),
				gen.AsOf.Time().AddDate(-60, 0, 0).Format("2006-01-02"))
		}, nil},
		{"search (老人)", "province", "/api/v1/search?q=" + url.QueryEscape("老人"), func(ctx context.Context, t *target) error {
			// The items holding the word, in the region or above it, those
			// with it in the title first, newest first, with their text:
			// the newest postings of the word in a title, then, if they
			// are fewer than the page, the newest of the rest.
			const walk = `SELECT i.id, i.kind, i.item_id, i.region, i.title, i.body, i.published_at
				FROM (SELECT doc, published_at FROM search_grams WHERE gram = ? AND in_title = ?
					ORDER BY published_at DESC, doc DESC LIMIT 20) p
				JOIN search_items i ON i.id = p.doc
				WHERE substr(i.region, 1, 2) = ? OR i.region = '4'
				ORDER BY p.published_at DESC, p.doc DESC`
			n, err := t.allN(ctx, walk, "老人", 1, gen.ProvinceCode)
			if err != nil || n == 20 {
				return err
			}
			_, err = t.allN(ctx, walk, "老人", 0, gen.ProvinceCode)
			return err
		}, nil},
	}
	if f.campaign != 0 {
		rankingSQL := func(ctx context.Context, t *target) error {
			if err := t.all(ctx, `SELECT id, year, region, kind, title, written_weight, interview_ratio, medical_ratio FROM campaigns WHERE id = ?`, f.campaign); err != nil {
				return err
			}
			if err := t.all(ctx, `SELECT id, code, region, station_id, title, places FROM campaign_posts WHERE campaign_id = ? ORDER BY region, code`, f.campaign); err != nil {
				return err
			}
			return t.all(ctx, `SELECT id, post_id, region, number, name, review, written, interview, medical, person_id FROM applicants
				WHERE campaign_id = ? AND region >= ? AND region < ? ORDER BY post_id, id`, f.campaign, cityLo, cityHi)
		}
		path := fmt.Sprintf("/api/v1/campaigns/%d/ranking", f.campaign)
		// The server keeps a ranking with the rev of each post, and the
		// first read is served from there after its first call; in the
		// second a score has just been entered before every call, and the
		// server reads and ranks that post's applications again.
		rs = append(rs, read{"campaign ranking (the city's latest)", "city", path, rankingSQL, nil},
			read{"campaign ranking (a score just entered)", "city", path, rankingSQL, t.enterScore})
	}
	return rs
}

// eligibleSQL is 政策找人 of a county by hand, for the shipped rules (the
// generated data sets no others): the open files filed by the day, each
// rule's matches without an application of its kind, how many and the
// first 200 of each by region and name, named. A file's groups are a bit
// each: disabled 1, dibao 2, marginal 4, tekun 8, elderly_alone 16,
// child_distress 32.
const eligibleSQL = `WITH f AS (
	SELECT b.id, b.name, b.region, COALESCE(b.worker_id, 0) AS worker_id, b.birth, b.disability,
		COALESCE((SELECT SUM(CASE g.grp WHEN 'disabled' THEN 1 WHEN 'dibao' THEN 2 WHEN 'marginal' THEN 4 WHEN 'tekun' THEN 8
			WHEN 'elderly_alone' THEN 16 WHEN 'child_distress' THEN 32 ELSE 0 END) FROM beneficiary_groups g WHERE g.beneficiary_id = b.id), 0) AS m
	FROM beneficiaries b WHERE b.region >= ? AND b.region < ? AND b.open AND (b.found_on IS NULL OR b.found_on <= ?)
), m AS (
	SELECT 'old_age' AS k, f.* FROM f WHERE f.birth <= ?
	UNION ALL SELECT 'disability_living', f.* FROM f WHERE (f.m & 1) <> 0 AND (f.m & 14) <> 0
	UNION ALL SELECT 'disability_care', f.* FROM f WHERE (f.m & 1) <> 0 AND (f.disability LIKE '%一级%' OR f.disability LIKE '%二级%')
	UNION ALL SELECT 'tekun', f.* FROM f WHERE f.birth <= ? AND (f.m & 16) <> 0 AND (f.m & 6) <> 0
	UNION ALL SELECT 'temporary', f.* FROM f WHERE (f.m & 36) <> 0
), r AS (
	SELECT m.*, ROW_NUMBER() OVER (PARTITION BY m.k ORDER BY m.region, m.name, m.id) AS rn, COUNT(*) OVER (PARTITION BY m.k) AS n
	FROM m WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.beneficiary_id = m.id AND a.kind = m.k)
)
SELECT r.k, r.n, r.id, r.name, r.region, v.name, r.worker_id, p.name, r.birth, r.disability, r.m FROM r
	LEFT JOIN regions v ON v.code = r.region AND v.valid_to IS NULL LEFT JOIN people p ON p.id = r.worker_id
	WHERE r.rn <= 200 ORDER BY r.k, r.rn`

// progressSQL is the core of the progress table by hand: per child region
// (its code is the first n characters), the towns and villages required,
// the stations and points built by the day, and the staff assigned on it.
// outcomesSQL is a region's outcomes over the year, [lo, hi) its codes:
// the people and households filed, the people per group, the visits and
// home visits from the counts kept per day (the best SQL reads what the
// database keeps, as the server does), the applications per kind
// and result, and the households linked per kind of relief.
func (t *target) outcomesSQL(ctx context.Context, lo, hi string) error {
	if err := t.all(ctx, `SELECT COUNT(*), COUNT(DISTINCT COALESCE(household_id, -id)) FROM beneficiaries
		WHERE region >= ? AND region < ? AND found_on BETWEEN ? AND ?`, lo, hi, yearFrom, yearTo); err != nil {
		return err
	}
	grain := 6 // the counties' kept counts for a county, the cities' for a city
	if len(lo) <= 4 {
		grain = 4
	}
	if err := t.all(ctx, `SELECT grp, SUM(n) FROM tally_found_groups WHERE grain = ? AND region >= ? AND region < ? AND day BETWEEN ? AND ? GROUP BY grp`,
		grain, lo, hi, yearFrom, yearTo); err != nil {
		return err
	}
	if err := t.all(ctx, `SELECT (SELECT SUM(n) FROM tally_visits WHERE grain = ? AND region >= ? AND region < ? AND day BETWEEN ? AND ?),
		(SELECT SUM(n) FROM tally_home WHERE grain = ? AND region >= ? AND region < ? AND day BETWEEN ? AND ?)`,
		grain, lo, hi, yearFrom, yearTo, grain, lo, hi, yearFrom, yearTo); err != nil {
		return err
	}
	if err := t.all(ctx, `SELECT kind, status, COUNT(*) FROM applications WHERE region >= ? AND region < ? AND prepared_on BETWEEN ? AND ? GROUP BY kind, status`,
		lo, hi, yearFrom, yearTo); err != nil {
		return err
	}
	return t.all(ctx, `SELECT a.kind, COUNT(DISTINCT COALESCE(b.household_id, -b.id)) FROM applications a JOIN beneficiaries b ON b.id = a.beneficiary_id
		WHERE a.region >= ? AND a.region < ? AND a.prepared_on BETWEEN ? AND ? AND a.kind IN ('relief', 'temporary', 'volunteer') GROUP BY a.kind`,
		lo, hi, yearFrom, yearTo)
}

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

// bumpProgress moves the progress version on as any write to the network
// does (migration 0032's triggers), so that the server's kept figures of
// the network are computed again.
func (t *target) bumpProgress(ctx context.Context) error {
	_, err := t.raw.ExecContext(ctx, t.q(`UPDATE data_versions SET version = version + 1 WHERE name = ?`), "progress")
	return err
}

// enterScore writes the written score of an application of the campaign,
// another post's each call, as the exam office entering scores one by one
// does: the score it writes is the one it had, and the write is a write
// all the same (migration 0041's triggers give the post a new rev, and
// the server ranks that post again).
func (t *target) enterScore(ctx context.Context) error {
	if len(t.fx.scorable) == 0 {
		return fmt.Errorf("the campaign has no applications")
	}
	id := t.fx.scorable[t.scored%len(t.fx.scorable)]
	t.scored++
	_, err := t.raw.ExecContext(ctx, t.q(`UPDATE applicants SET written = written WHERE id = ?`), id)
	return err
}

// bumpAll moves every data version on.
func (t *target) bumpAll(ctx context.Context) error {
	_, err := t.raw.ExecContext(ctx, `UPDATE data_versions SET version = version + 1`)
	return err
}

// bumpFiles moves the files version on as filing a file does (migration
// 0038's triggers), so that the server's kept counts of the files are
// counted again.
func (t *target) bumpFiles(ctx context.Context) error {
	_, err := t.raw.ExecContext(ctx, t.q(`UPDATE data_versions SET version = version + 1 WHERE name = ?`), "files")
	return err
}

// all runs a query and reads every column of every row.
func (t *target) all(ctx context.Context, q string, args ...any) error {
	_, err := t.allN(ctx, q, args...)
	return err
}

// allN is all, and says how many rows there were.
func (t *target) allN(ctx context.Context, q string, args ...any) (int, error) {
	rows, err := t.raw.QueryContext(ctx, t.q(q), args...)
	if err != nil {
		return 0, fmt.Errorf("%w: %s", err, q)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	for i := range vals {
		vals[i] = new(sql.RawBytes)
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(vals...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

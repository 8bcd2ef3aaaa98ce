package main

import (
	"context"

	"shuangbai"
	"shuangbai/gen"
)

// dashboardSQL is the city's dashboard by hand, over the default period
// (the twelve months to today) beside the same months a year before: what
// the server counts, read from the same summary tables (tally_*, at the
// city's grain where it sums, the counties' where it groups by them) where
// the server reads them, aggregated in SQL where SQL can.
func (t *target) dashboardSQL(ctx context.Context) error {
	lo, hi := t.fx.city, t.fx.city+"~"
	to := gen.AsOf
	from := shuangbai.DateOf(to.Time().AddDate(-1, 0, 1))
	lastTo, lastFrom := shuangbai.DateOf(to.Time().AddDate(-1, 0, 0)), shuangbai.DateOf(from.Time().AddDate(-1, 0, 0))
	day := func(d shuangbai.Date) string { return d.String() }
	// Per county: towns and villages required, stations and points built
	// by the period's end and by last year's, staff on the day, empty
	// sites; with the equipment as it was (its history).
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`SELECT substr(code, 1, 6), level, COUNT(*) FROM regions WHERE code >= ? AND code < ? AND level >= 4 AND valid_to IS NULL GROUP BY 1, 2`, []any{lo, hi}},
		{`SELECT substr(s.region, 1, 6), SUM(CASE WHEN s.built_on <= ? THEN 1 ELSE 0 END), SUM(CASE WHEN s.built_on <= ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN s.built_on <= ? AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.station_id = s.id AND a.date_from <= ? AND (a.date_to IS NULL OR a.date_to >= ?)) THEN 1 ELSE 0 END)
			FROM stations s LEFT JOIN equipment_history h ON h.site_kind = 'station' AND h.site_id = s.id AND h.since <= ? AND (h.until IS NULL OR h.until > ?)
			WHERE s.region >= ? AND s.region < ? AND COALESCE(h.status, s.status) = 'built' GROUP BY 1`,
			[]any{day(to), day(lastTo), day(to), day(to), day(to), day(to), day(to), lo, hi}},
		{`SELECT substr(s.region, 1, 6), SUM(CASE WHEN s.built_on <= ? THEN 1 ELSE 0 END), SUM(CASE WHEN s.built_on <= ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN s.built_on <= ? AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.point_id = s.id AND a.date_from <= ? AND (a.date_to IS NULL OR a.date_to >= ?)) THEN 1 ELSE 0 END)
			FROM points s LEFT JOIN equipment_history h ON h.site_kind = 'point' AND h.site_id = s.id AND h.since <= ? AND (h.until IS NULL OR h.until > ?)
			WHERE s.region >= ? AND s.region < ? AND COALESCE(h.status, s.status) = 'built' GROUP BY 1`,
			[]any{day(to), day(lastTo), day(to), day(to), day(to), day(to), day(to), lo, hi}},
		{`SELECT substr(region, 1, 6), COUNT(DISTINCT person_id) FROM assignments WHERE region >= ? AND region < ? AND date_from <= ?
			AND (date_to IS NULL OR date_to >= ?) GROUP BY 1`, []any{lo, hi, day(to), day(to)}},
		// Open files per county and level, those late, and those late past
		// the county's grace of their level.
		{`SELECT substr(region, 1, 6), level, SUM(n), SUM(CASE WHEN due < ? THEN n ELSE 0 END),
			SUM(CASE WHEN level = 1 AND due < ? OR level = 2 AND due < ? OR level = 3 AND due < ? OR level = 4 AND due < ? THEN n ELSE 0 END)
			FROM tally_open WHERE grain = 6 AND region >= ? AND region < ? GROUP BY 1, 2`,
			append(append([]any{day(to)}, t.countyLate(to)...), lo, hi)},
		{`SELECT grp, SUM(n) FROM tally_groups WHERE grain = 4 AND region >= ? AND region < ? GROUP BY grp`, []any{lo, hi}},
		// Visits per day of both periods (the server puts them in weeks).
		{`SELECT day, SUM(n) FROM tally_visits WHERE grain = 4 AND region >= ? AND region < ? AND day >= ? AND day <= ? GROUP BY day`,
			[]any{lo, hi, day(lastFrom), day(to)}},
		{`SELECT SUM(CASE WHEN day >= ? THEN n ELSE 0 END), SUM(CASE WHEN day <= ? THEN n ELSE 0 END) FROM tally_found
			WHERE grain = 4 AND region >= ? AND region < ? AND day >= ? AND day <= ?`, []any{day(from), day(lastTo), lo, hi, day(lastFrom), day(to)}},
		{`SELECT kind, status, SUM(CASE WHEN prepared_on >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN prepared_on <= ? THEN 1 ELSE 0 END) FROM applications
			WHERE region >= ? AND region < ? AND prepared_on >= ? AND prepared_on <= ? GROUP BY kind, status`, []any{day(from), day(lastTo), lo, hi, day(lastFrom), day(to)}},
		{`SELECT t.kind, SUM(CASE WHEN t.held_on >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN t.held_on <= ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN t.held_on >= ? THEN (SELECT COUNT(*) FROM training_attendees x WHERE x.training_id = t.id) ELSE 0 END)
			FROM trainings t WHERE t.region >= ? AND t.region < ? AND t.held_on >= ? AND t.held_on <= ? GROUP BY t.kind`,
			[]any{day(from), day(lastTo), day(from), lo, hi, day(lastFrom), day(to)}},
		{`SELECT COUNT(DISTINCT c.id), COALESCE(SUM(cp.places), 0) FROM campaign_posts cp JOIN campaigns c ON c.id = cp.campaign_id
			WHERE cp.region >= ? AND cp.region < ? AND c.year >= ? AND c.year <= ?`, []any{lo, hi, from.Time().Year(), to.Time().Year()}},
		{`SELECT COUNT(*), SUM(CASE WHEN a.signed_on IS NOT NULL THEN 1 ELSE 0 END) FROM applicants a JOIN campaigns c ON c.id = a.campaign_id
			WHERE a.region >= ? AND a.region < ? AND c.year >= ? AND c.year <= ?`, []any{lo, hi, from.Time().Year(), to.Time().Year()}},
		{`SELECT kind, SUM(CASE WHEN held_on >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN held_on >= ? THEN reached ELSE 0 END),
			SUM(CASE WHEN held_on <= ? THEN 1 ELSE 0 END), SUM(CASE WHEN held_on <= ? THEN reached ELSE 0 END)
			FROM activities WHERE region >= ? AND region < ? AND held_on >= ? AND held_on <= ? GROUP BY kind`,
			[]any{day(from), day(from), day(lastTo), day(lastTo), lo, hi, day(lastFrom), day(to)}},
	} {
		if err := t.all(ctx, q.sql, q.args...); err != nil {
			return err
		}
	}
	return nil
}

// countyLate is, per level 1–4, the due day before which a visit is late
// past the county's grace on day d.
func (t *target) countyLate(d shuangbai.Date) []any {
	var out []any
	for l := shuangbai.Level4(1); l <= 4; l++ {
		out = append(out, d.AddDays(-t.graces.For(l).County).String())
	}
	return out
}

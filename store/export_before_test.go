package store

import (
	"context"
	"fmt"

	"shuangbai"
)

// OutcomesBeforeForTest is Outcomes as it was before its applications were
// counted in two queries instead of one a kind (issue 14): the test that
// the answer did not change compares the two.
func (db *DB) OutcomesBeforeForTest(ctx context.Context, scope shuangbai.Scope, region string, from, to shuangbai.Date) (*shuangbai.Outcomes, error) {
	if !scope.Contains(region) {
		return nil, notFound("区划")
	}
	if from.IsZero() {
		from = sinceEver
	}
	if to.Before(from) {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "结束日期不能早于开始日期")
	}
	if today := db.today(); to.After(today) {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "结束日期不能晚于今天（%s）", today.Chinese())
	}
	r, err := db.Region(ctx, scope, region, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	o := &shuangbai.Outcomes{Region: region, RegionName: r.Name, From: from, To: to,
		Identified: map[shuangbai.Group]int{}, Applications: map[shuangbai.AppKind]int{}, Approved: map[shuangbai.AppKind]int{}}
	if from == sinceEver {
		o.From = shuangbai.Date{}
	}
	sc, sa := inScope("b.region", shuangbai.Scope{Code: region})
	period := func(col string) (string, []any) { return col + " >= ? AND " + col + " <= ?", []any{from, to} }

	pc, pa := period("b.found_on")
	if err := db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COUNT(*), COUNT(DISTINCT COALESCE(b.household_id, -b.id)) FROM beneficiaries b WHERE `+sc+` AND `+pc),
		append(sa, pa...)...).Scan(&o.People, &o.Households); err != nil {
		return nil, fmt.Errorf("store: outcomes filed: %w", err)
	}
	groups, err := db.groupCount(ctx, `SELECT g.grp, COUNT(*) FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id WHERE `+sc+` AND `+pc+` GROUP BY g.grp`, append(sa, pa...)...)
	if err != nil {
		return nil, err
	}
	for g, n := range groups {
		o.Identified[shuangbai.Group(g)] = n
	}

	vc, va := inScope("v.region", shuangbai.Scope{Code: region})
	qc, qa := period("v.visited_on")
	if err := db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COUNT(*), SUM(CASE WHEN v.kind = 'home' THEN 1 ELSE 0 END) FROM visits v WHERE `+vc+` AND `+qc),
		append(va, qa...)...).Scan(&o.Visits, nullInt(&o.HomeVisits)); err != nil {
		return nil, fmt.Errorf("store: outcomes visits: %w", err)
	}

	ac, aa := inScope("a.region", shuangbai.Scope{Code: region})
	dc, da := period("a.prepared_on")
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT a.kind, a.status, COUNT(*), COUNT(DISTINCT COALESCE(b.household_id, -b.id))
		FROM applications a JOIN beneficiaries b ON b.id = a.beneficiary_id WHERE `+ac+` AND `+dc+` GROUP BY a.kind, a.status`), append(aa, da...)...)
	if err != nil {
		return nil, fmt.Errorf("store: outcomes applications: %w", err)
	}
	defer rows.Close()
	households := map[shuangbai.AppKind]int{}
	for rows.Next() {
		var kind, status string
		var n, hh int
		if err := rows.Scan(&kind, &status, &n, &hh); err != nil {
			return nil, err
		}
		k := shuangbai.AppKind(kind)
		o.Applications[k] += n
		if shuangbai.AppStatus(status) == shuangbai.AppApproved {
			o.Approved[k] += n
		}
		households[k] += hh // households may repeat across statuses; see below
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Households linked: distinct over all statuses, so count them exactly.
	for _, k := range []shuangbai.AppKind{shuangbai.AppRelief, shuangbai.AppTemporary, shuangbai.AppVolunteer} {
		if households[k] == 0 {
			continue
		}
		var n int
		if err := db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COUNT(DISTINCT COALESCE(b.household_id, -b.id)) FROM applications a JOIN beneficiaries b ON b.id = a.beneficiary_id
			WHERE `+ac+` AND `+dc+` AND a.kind = ?`), append(append(aa, da...), string(k))...).Scan(&n); err != nil {
			return nil, err
		}
		switch k {
		case shuangbai.AppRelief:
			o.ReliefHouseholds = n
		case shuangbai.AppTemporary:
			o.TemporaryHouseholds = n
		case shuangbai.AppVolunteer:
			o.VolunteerHouseholds = n
		}
	}
	return o, nil
}

// DashboardCoverageBeforeForTest is a dashboard's coverage on p.To and its
// rows as they were computed before a city's counties were read once for
// both (issue 14): the counties' counts for the coverage, the child
// regions' counts again for the rows.
func (db *DB) DashboardCoverageBeforeForTest(ctx context.Context, scope shuangbai.Scope, region string, p shuangbai.Period) (st, pt shuangbai.SiteCounts, rows []shuangbai.DashboardRow, err error) {
	sub := shuangbai.Scope{Code: region}
	if st, pt, err = db.coverage(ctx, sub, p.To); err != nil {
		return st, pt, nil, err
	}
	counts, err := db.siteCountsByBefore(ctx, sub, p.To, childLen[len(region)])
	if err != nil {
		return st, pt, nil, err
	}
	rows, err = db.dashboardRows(ctx, scope, region, p.To, counts)
	return st, pt, rows, err
}

// ActivityFiguresBeforeForTest is a dashboard's activity figures as they
// were counted before both periods were read in one pass (issue 14): one
// ActivityCounts a period.
func (db *DB) ActivityFiguresBeforeForTest(ctx context.Context, scope shuangbai.Scope, p shuangbai.Period) (*shuangbai.ActivityFigures, error) {
	f := shuangbai.ActivityFigures{ByKind: map[shuangbai.ActivityKind]int{}, ByKindLast: map[shuangbai.ActivityKind]int{}}
	for _, x := range []struct {
		p             shuangbai.Period
		held, reached *int
		by            map[shuangbai.ActivityKind]int
	}{{p, &f.Held, &f.Reached, f.ByKind}, {p.LastYear(), &f.HeldLast, &f.ReachedLast, f.ByKindLast}} {
		counts, err := db.ActivityCounts(ctx, scope, 0, x.p.From, x.p.To)
		if err != nil {
			return nil, err
		}
		for _, c := range counts {
			*x.held += c.Activities
			*x.reached += c.Reached
			x.by[c.Kind] += c.Activities
		}
	}
	return &f, nil
}

// CaseFlowsBeforeForTest is a dashboard's applications and files found of
// the period and of the year before as they were counted before both
// periods were read in one pass (issue 14): a query a period each.
func (db *DB) CaseFlowsBeforeForTest(ctx context.Context, scope shuangbai.Scope, p shuangbai.Period) (apps, appsLast []shuangbai.AppCount, found, foundLast int, err error) {
	count := func(p shuangbai.Period) ([]shuangbai.AppCount, error) {
		ac, aa := inScope("a.region", scope)
		rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT a.kind, a.status, COUNT(*) FROM applications a WHERE `+ac+`
			AND a.prepared_on >= ? AND a.prepared_on <= ? GROUP BY a.kind, a.status ORDER BY a.kind, a.status`), append(aa, p.From, p.To)...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []shuangbai.AppCount
		for rows.Next() {
			var a shuangbai.AppCount
			if err := rows.Scan(&a.Kind, &a.Status, &a.N); err != nil {
				return nil, err
			}
			out = append(out, a)
		}
		return out, rows.Err()
	}
	last := p.LastYear()
	if apps, err = count(p); err != nil {
		return
	}
	if appsLast, err = count(last); err != nil {
		return
	}
	tc, ta := inScope("region", scope)
	for _, x := range []struct {
		p shuangbai.Period
		n *int
	}{{p, &found}, {last, &foundLast}} {
		if err = db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COALESCE(SUM(n), 0) FROM tally_found WHERE grain = ? AND `+tc+` AND day >= ? AND day <= ?`),
			append(append([]any{tallyGrain(scope.Code)}, ta...), x.p.From, x.p.To)...).Scan(x.n); err != nil {
			return
		}
	}
	return
}

// TrainingFiguresBeforeForTest is a dashboard's trainings of the period
// and of the year before, and the attendances at the period's, as they
// were counted before both periods were read in one pass (issue 14).
func (db *DB) TrainingFiguresBeforeForTest(ctx context.Context, scope shuangbai.Scope, p shuangbai.Period) (now, before map[shuangbai.TrainingKind]int, people int, err error) {
	if now, people, err = db.trainingFiguresBefore(ctx, scope, p); err != nil {
		return
	}
	before, _, err = db.trainingFiguresBefore(ctx, scope, p.LastYear())
	return
}

// trainingFigures counts the trainings organised inside scope in p, per
// kind, and the attendances at them.
func (db *DB) trainingFiguresBefore(ctx context.Context, scope shuangbai.Scope, p shuangbai.Period) (map[shuangbai.TrainingKind]int, int, error) {
	c, a := inScope("t.region", scope)
	kinds, err := db.groupCount(ctx, `SELECT t.kind, COUNT(*) FROM trainings t WHERE `+c+` AND t.held_on >= ? AND t.held_on <= ? GROUP BY t.kind`, append(a, p.From, p.To)...)
	if err != nil {
		return nil, 0, err
	}
	out := map[shuangbai.TrainingKind]int{}
	for k, n := range kinds {
		out[shuangbai.TrainingKind(k)] = n
	}
	var people int
	if err := db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM training_attendees x JOIN trainings t ON t.id = x.training_id
		WHERE `+c+` AND t.held_on >= ? AND t.held_on <= ?`), append(a, p.From, p.To)...).Scan(&people); err != nil {
		return nil, 0, fmt.Errorf("store: dashboard trainings: %w", err)
	}
	return out, people, nil
}

// SiteStaffForTest is the staff siteCountsBy counts on d per region cut to
// n digits, at stations and at points.
func (db *DB) SiteStaffForTest(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date, n int) (map[string][2]int, error) {
	counts, err := db.siteCountsBy(ctx, scope, d, n)
	if err != nil {
		return nil, err
	}
	out := map[string][2]int{}
	for code, c := range counts {
		if c.stations.Staff != 0 || c.points.Staff != 0 {
			out[code] = [2]int{c.stations.Staff, c.points.Staff}
		}
	}
	return out, nil
}

// SiteStaffBeforeForTest is SiteStaffForTest as counted before stations'
// and points' staff were read in one pass (issue 14): a query a kind.
func (db *DB) SiteStaffBeforeForTest(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date, n int) (map[string][2]int, error) {
	out := map[string][2]int{}
	ac, aa := inScope("region", scope)
	for i, site := range []string{"station_id", "point_id"} {
		m, err := db.groupCount(ctx, `SELECT SUBSTR(region, 1, `+fmt.Sprint(n)+`), COUNT(DISTINCT person_id) FROM assignments WHERE `+ac+
			` AND `+site+` IS NOT NULL AND date_from <= ? AND (date_to IS NULL OR date_to >= ?) GROUP BY 1`, append(aa, d, d)...)
		if err != nil {
			return nil, err
		}
		for code, k := range m {
			v := out[code]
			v[i] = k
			out[code] = v
		}
	}
	return out, nil
}

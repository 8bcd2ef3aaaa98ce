package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"

	"shuangbai"
)

// childLen is the code length of the regions one level below a code's.
var childLen = map[int]int{2: 4, 4: 6, 6: 9, 9: 12}

// Dashboard computes the figures of region's dashboard over period p: the
// network on p.To and a year before, the case files now (when cases is
// set: the three administrators read none), and the flows of the period
// beside the same period last year. Each figure is a grouped query over an
// index that starts with the region code, so a city of the generated
// province (50,000 files, 500,000 visits) needs no summary table.
func (db *DB) Dashboard(ctx context.Context, scope shuangbai.Scope, region string, p shuangbai.Period, cases bool) (*shuangbai.Dashboard, error) {
	if !scope.Contains(region) {
		return nil, notFound("区划")
	}
	kid, ok := childLen[len(region)]
	if !ok || shuangbai.LevelOf(region) == shuangbai.LevelUnknown {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "数据看板按省、市、县（市、区）或乡镇（街道）统计，请选择其中之一")
	}
	if err := shuangbai.CheckPeriod(p, db.today()); err != nil {
		return nil, err
	}
	reg, err := db.Region(ctx, scope, region, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	sub := shuangbai.Scope{Code: region}
	d := &shuangbai.Dashboard{Region: reg, Period: p, AsOf: db.today()}
	// The four parts read different tables and none needs another's
	// answer, so they are read at once, each on a connection of its own
	// while the server has connections to spare (parts): in
	// turn, a city's dashboard just after its figures changed was some 30
	// queries one after the other, 1.5× its SQL on SQLite and 2.5× on
	// PostgreSQL, where each waits for its round trip (bench/RESULTS.md).
	var (
		n     *dashboardNetwork
		byRow map[string][2]int // the open and the late files of each row, by code
	)
	ps := db.newParts(ctx)
	if cases {
		ps.Go(func(ctx context.Context) (err error) {
			d.Cases, byRow, err = db.caseFigures(ctx, sub, kid, p)
			return err
		})
	}
	ps.Go(func(ctx context.Context) (err error) {
		d.Recruitment, err = db.recruitFigures(ctx, sub, p)
		return err
	})
	ps.Go(func(ctx context.Context) (err error) {
		d.Activities, err = db.keptActivityFigures(ctx, sub, p)
		return err
	})
	// Last, so that it runs in this goroutine and its own parts find the
	// slots.
	ps.Go(func(ctx context.Context) (err error) {
		n, err = db.dashboardNetwork(ctx, scope, region, kid, p)
		return err
	})
	if err := ps.Wait(); err != nil {
		return nil, err
	}
	d.Stations, d.Points, d.StationsLast, d.PointsLast = n.stations, n.points, n.stationsLast, n.pointsLast
	d.Rows = append([]shuangbai.DashboardRow(nil), n.rows...) // n is kept: the files are added to a copy
	for i := range d.Rows {
		c := byRow[d.Rows[i].Code]
		d.Rows[i].Open += c[0]
		d.Rows[i].Overdue += c[1]
	}
	d.EmptyStations, d.EmptyPoints = n.emptyStations, n.emptyPoints
	d.Trainings, d.TrainingsLast, d.TrainingPeople = maps.Clone(n.trainings), maps.Clone(n.trainingsLast), n.trainingPeople
	return d, nil
}

// keptActivityFigures is activityFigures kept under the activities version
// (migration 0038): a province's two years are 400,000 activities, counted
// again only after one is recorded or changed. Counts kept per day and
// kind would not be fewer: a city's day holds about one activity a kind.
func (db *DB) keptActivityFigures(ctx context.Context, scope shuangbai.Scope, p shuangbai.Period) (*shuangbai.ActivityFigures, error) {
	v, err := db.dataVersion(ctx, "activities")
	if err != nil {
		return nil, err
	}
	f, err := cachedAt(&db.acts, v, fmt.Sprintf("activities|%s|%s|%s", scope.Code, p.From, p.To), func() (*shuangbai.ActivityFigures, error) {
		return db.activityFigures(ctx, scope, p)
	})
	if err != nil {
		return nil, err
	}
	out := *f
	out.ByKind, out.ByKindLast = maps.Clone(f.ByKind), maps.Clone(f.ByKindLast)
	return &out, nil
}

// dashboardNetwork is what a dashboard counts of the network and its
// trainings: coverage on the period's last day and a year before, per
// child region, the empty sites, the trainings of both periods. Every
// table it reads bumps the progress version (migration 0032), so it is
// kept under that version like a progress table: 20 of a dashboard's 35
// queries, asked again at each visit to the home page, while the network
// changes a few times a day.
type dashboardNetwork struct {
	stations, points, stationsLast, pointsLast shuangbai.SiteCounts
	rows                                       []shuangbai.DashboardRow
	emptyStations, emptyPoints                 int
	trainings, trainingsLast                   map[shuangbai.TrainingKind]int
	trainingPeople                             int
}

func (db *DB) dashboardNetwork(ctx context.Context, scope shuangbai.Scope, region string, kid int, p shuangbai.Period) (*dashboardNetwork, error) {
	v, err := db.progressVersion(ctx)
	if err != nil {
		return nil, err
	}
	// region lies inside scope (Dashboard checked), so the figures depend
	// on region and the period alone.
	key := fmt.Sprintf("dashboard|%s|%s|%s", region, p.From, p.To)
	return cachedAt(&db.progress, v, key, func() (*dashboardNetwork, error) {
		sub, last := shuangbai.Scope{Code: region}, p.LastYear()
		n := &dashboardNetwork{}
		// The coverage, the vacancies and the trainings are read at once,
		// as the dashboard's parts are (Dashboard).
		ps := db.newParts(ctx)
		ps.Go(func(ctx context.Context) error {
			// A city's rows are its counties, which its coverage sums: the
			// counts of the period's end are read once for both, in the
			// same queries as a year before's.
			both, err := db.siteCountsOn(ctx, sub, countyLen, p.To, last.To)
			if err != nil {
				return err
			}
			now := both[0]
			n.stations, n.points = sumCounts(now)
			n.stationsLast, n.pointsLast = sumCounts(both[1])
			byKid := now
			if kid != countyLen {
				if byKid, err = db.siteCountsBy(ctx, sub, p.To, kid); err != nil {
					return err
				}
			}
			n.rows, err = db.dashboardRows(ctx, scope, region, p.To, byKid)
			return err
		})
		ps.Go(func(ctx context.Context) (err error) {
			n.emptyStations, n.emptyPoints, err = db.emptySites(ctx, sub, p.To)
			return err
		})
		ps.Go(func(ctx context.Context) (err error) {
			n.trainings, n.trainingsLast, n.trainingPeople, err = db.trainingFigures(ctx, sub, p, last)
			return err
		})
		if err := ps.Wait(); err != nil {
			return nil, err
		}
		return n, nil
	})
}

// sumCounts adds up the counts of the counties.
func sumCounts(counties map[string]*countyCounts) (st, pt shuangbai.SiteCounts) {
	for _, c := range counties {
		st, pt = addCounts(st, c.stations), addCounts(pt, c.points)
	}
	return st, pt
}

// dashboardRows returns the coverage of each child region of region on d,
// from counts, siteCountsBy of region on d grouped by the child regions.
func (db *DB) dashboardRows(ctx context.Context, scope shuangbai.Scope, region string, d shuangbai.Date, counts map[string]*countyCounts) ([]shuangbai.DashboardRow, error) {
	kids, err := db.Children(ctx, scope, region, d)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(kids, func(i, j int) bool { return countyRank(kids[i].Code) < countyRank(kids[j].Code) })
	rows := make([]shuangbai.DashboardRow, 0, len(kids))
	for _, k := range kids {
		row := shuangbai.DashboardRow{Code: k.Code, Name: k.Name}
		if c := counts[k.Code]; c != nil {
			row.Stations, row.Points = c.stations, c.points
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// emptySites counts the stations and points built by d that have nobody
// assigned on d: the vacancies (空岗) a bureau must fill.
func (db *DB) emptySites(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) (stations, points int, err error) {
	sc, sa := inScope("s.region", scope)
	for _, k := range []struct {
		table, kind, col string
		n                *int
	}{{"stations", "station", "station_id", &stations}, {"points", "point", "point_id", &points}} {
		err = db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM `+k.table+` s`+equipmentJoin(k.kind)+` WHERE `+sc+` AND `+siteBuiltOn+`
			AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.`+k.col+` = s.id AND a.date_from <= ? AND (a.date_to IS NULL OR a.date_to >= ?))`),
			append(append([]any{d, d}, sa...), d, d, d)...).Scan(k.n)
		if err != nil {
			return 0, 0, fmt.Errorf("store: dashboard vacancies: %w", err)
		}
	}
	return stations, points, nil
}

// caseFigures counts the open files by level, lateness and group today, and
// the visits, applications and new files of the period and of last year's.
// byRow holds the open and the overdue files of each child region, by code.
func (db *DB) caseFigures(ctx context.Context, scope shuangbai.Scope, kid int, p shuangbai.Period) (*shuangbai.CaseFigures, map[string][2]int, error) {
	c := &shuangbai.CaseFigures{ByGroup: map[shuangbai.Group]int{}}
	today := db.today()
	gs, err := db.Graces(ctx)
	if err != nil {
		return nil, nil, err
	}
	// One pass over the open files, grouped by child region, level and due
	// day: lateness and the tiers told follow from the due day in Go, as
	// Escalations decides them, so the SQL is the same on both engines.
	//
	// The counts come from tally_open at the child regions' grain: the
	// cities' rows for a province, the counties' for a city, the towns'
	// for a county. A town's rows are villages, which the summaries do not keep:
	// its few hundred files are read directly.
	tc, ta := inScope("region", scope)
	query := fmt.Sprintf(`SELECT SUBSTR(region, 1, %d), level, due, SUM(n) FROM tally_open WHERE grain = ? AND %s GROUP BY 1, 2, 3`, kid, tc)
	args := append([]any{kid}, ta...)
	if kid > 9 {
		sc, sa := inScope("b.region", scope)
		query = fmt.Sprintf(`SELECT SUBSTR(b.region, 1, %d), b.level, b.next_due, COUNT(*)
		FROM beneficiaries b WHERE %s AND b.open = TRUE GROUP BY 1, 2, 3`, kid, sc)
		args = sa
	}
	res, err := db.reader(ctx).QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: dashboard cases: %w", err)
	}
	byRow := map[string][2]int{}
	for res.Next() {
		var code string
		var level, n int
		var due shuangbai.Date
		if err := res.Scan(&code, &level, &due, &n); err != nil {
			res.Close()
			return nil, nil, err
		}
		if due == noDue {
			due = shuangbai.Date{}
		}
		c.Open += n
		if level >= 1 && level <= 4 {
			c.ByLevel[level] += n
		}
		late := !due.IsZero() && due.Before(today)
		row := byRow[code]
		row[0] += n
		if late {
			row[1] += n
		}
		byRow[code] = row
		if !late {
			continue
		}
		c.Overdue += n
		for t := shuangbai.TierWorker; t <= shuangbai.TierCounty; t++ {
			if due.Before(today.AddDays(-gs.For(shuangbai.Level4(level)).Days(t))) {
				c.Escalated[t] += n
			}
		}
	}
	res.Close()
	if err := res.Err(); err != nil {
		return nil, nil, err
	}

	grain := tallyGrain(scope.Code)
	groups, err := db.groupCount(ctx, `SELECT grp, SUM(n) FROM tally_groups WHERE grain = ? AND `+tc+` GROUP BY grp`, append([]any{grain}, ta...)...)
	if err != nil {
		return nil, nil, err
	}
	for g, n := range groups {
		c.ByGroup[shuangbai.Group(g)] = n
	}
	if err := db.visitFigures(ctx, scope, p, c); err != nil {
		return nil, nil, err
	}
	// The applications and the files found of the period and of the year
	// before, each in one pass over both (they overlap when p is longer
	// than a year); last starts a year before p, so the two span
	// [last.From, p.To].
	last := p.LastYear()
	if c.Apps, c.AppsLast, err = db.keptAppCounts(ctx, scope, p, last); err != nil {
		return nil, nil, err
	}
	if err := db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COALESCE(SUM(CASE WHEN day >= ? AND day <= ? THEN n ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN day >= ? AND day <= ? THEN n ELSE 0 END), 0) FROM tally_found WHERE grain = ? AND `+tc+` AND day >= ? AND day <= ?`),
		append(append([]any{p.From, p.To, last.From, last.To, grain}, ta...), last.From, p.To)...).Scan(&c.NewFiles, &c.NewFilesLast); err != nil {
		return nil, nil, fmt.Errorf("store: dashboard new files: %w", err)
	}
	return c, byRow, nil
}

// visitFigures counts the visits of the period and of last year's by day
// from tally_visits (a city: its counties' days, a few thousand rows), then
// puts the days into weeks in Go: a week's SQL differs between the engines,
// a day's does not. Each week is compared with the week 52 weeks before,
// which starts on a Monday too.
func (db *DB) visitFigures(ctx context.Context, scope shuangbai.Scope, p shuangbai.Period, c *shuangbai.CaseFigures) error {
	last := p.LastYear()
	first := p.From.Time()
	sc, sa := inScope("region", scope)
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT day, SUM(n) FROM tally_visits WHERE grain = ? AND `+sc+`
		AND day >= ? AND day <= ? GROUP BY day`), append(append([]any{tallyGrain(scope.Code)}, sa...), last.From, p.To)...)
	if err != nil {
		return fmt.Errorf("store: dashboard visits: %w", err)
	}
	defer rows.Close()
	start := shuangbai.Monday(p.From)
	weeks := (p.To.Time().Sub(start.Time()).Hours()/24)/7 + 1
	c.Weeks = make([]shuangbai.WeekCount, int(weeks))
	for i := range c.Weeks {
		c.Weeks[i].Week = start.AddDays(7 * i)
	}
	for rows.Next() {
		var on shuangbai.Date
		var n int
		if err := rows.Scan(&on, &n); err != nil {
			return err
		}
		if !on.Before(p.From) {
			c.Visits += n
			c.Weeks[int(on.Time().Sub(start.Time()).Hours()/24)/7].N += n
		}
		if !on.Before(last.From) && !on.After(last.To) {
			c.VisitsLast += n
		}
		// The same week a year before: 364 days back keeps the weekday.
		if ahead := on.AddDays(364); !ahead.Before(p.From) && !ahead.After(p.To) && !ahead.Time().Before(first) {
			c.Weeks[int(ahead.Time().Sub(start.Time()).Hours()/24)/7].Last += n
		}
	}
	return rows.Err()
}

// appCounts counts the applications prepared in p and in last, per kind
// and status, in kind and status order; a period lists only the kinds and
// statuses it has.
func (db *DB) appCounts(ctx context.Context, scope shuangbai.Scope, p, last shuangbai.Period) (now, before []shuangbai.AppCount, err error) {
	ac, aa := inScope("a.region", scope)
	err = db.eachRow(ctx, db.reader(ctx), `SELECT a.kind, a.status, SUM(CASE WHEN a.prepared_on >= ? AND a.prepared_on <= ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.prepared_on >= ? AND a.prepared_on <= ? THEN 1 ELSE 0 END) FROM applications a WHERE `+ac+`
		AND a.prepared_on >= ? AND a.prepared_on <= ? GROUP BY a.kind, a.status ORDER BY a.kind, a.status`,
		append(append([]any{p.From, p.To, last.From, last.To}, aa...), last.From, p.To), func(scan func(...any) error) error {
			var a shuangbai.AppCount
			var n, nLast int
			if err := scan(&a.Kind, &a.Status, &n, &nLast); err != nil {
				return err
			}
			if n > 0 {
				a.N = n
				now = append(now, a)
			}
			if nLast > 0 {
				a.N = nLast
				before = append(before, a)
			}
			return nil
		})
	if err != nil {
		return nil, nil, fmt.Errorf("store: dashboard applications: %w", err)
	}
	return now, before, nil
}

// keptAppCounts is appCounts kept under the files version (migration
// 0038), which every write of an application moves on: a province's two
// years of applications were a fifth of its dashboard.
func (db *DB) keptAppCounts(ctx context.Context, scope shuangbai.Scope, p, last shuangbai.Period) (now, before []shuangbai.AppCount, err error) {
	v, err := db.filesVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	both, err := cachedAt(&db.files, v, fmt.Sprintf("apps|%s|%s|%s", scope.Code, p.From, p.To), func() (*[2][]shuangbai.AppCount, error) {
		now, before, err := db.appCounts(ctx, scope, p, last)
		return &[2][]shuangbai.AppCount{now, before}, err
	})
	if err != nil {
		return nil, nil, err
	}
	return slices.Clone(both[0]), slices.Clone(both[1]), nil
}

// trainingFigures counts the trainings organised inside scope in p and in
// last (a year before p), per kind, in one pass over both, and the
// attendances at p's; a period's map holds the kinds it has.
func (db *DB) trainingFigures(ctx context.Context, scope shuangbai.Scope, p, last shuangbai.Period) (now, before map[shuangbai.TrainingKind]int, people int, err error) {
	c, a := inScope("t.region", scope)
	now, before = map[shuangbai.TrainingKind]int{}, map[shuangbai.TrainingKind]int{}
	err = db.eachRow(ctx, db.reader(ctx), `SELECT t.kind, SUM(CASE WHEN t.held_on >= ? AND t.held_on <= ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN t.held_on >= ? AND t.held_on <= ? THEN 1 ELSE 0 END) FROM trainings t WHERE `+c+` AND t.held_on >= ? AND t.held_on <= ? GROUP BY t.kind`,
		append(append([]any{p.From, p.To, last.From, last.To}, a...), last.From, p.To), func(scan func(...any) error) error {
			var kind string
			var n, nLast int
			if err := scan(&kind, &n, &nLast); err != nil {
				return err
			}
			if n > 0 {
				now[shuangbai.TrainingKind(kind)] = n
			}
			if nLast > 0 {
				before[shuangbai.TrainingKind(kind)] = nLast
			}
			return nil
		})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("store: dashboard trainings: %w", err)
	}
	if err := db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM training_attendees x JOIN trainings t ON t.id = x.training_id
		WHERE `+c+` AND t.held_on >= ? AND t.held_on <= ?`), append(a, p.From, p.To)...).Scan(&people); err != nil {
		return nil, nil, 0, fmt.Errorf("store: dashboard trainings: %w", err)
	}
	return now, before, people, nil
}

// recruitFigures counts the campaigns of the period's years with posts
// inside scope: their places, applications and those signed. Nil when
// there is none: many counties recruit rarely.
func (db *DB) recruitFigures(ctx context.Context, scope shuangbai.Scope, p shuangbai.Period) (*shuangbai.RecruitFigures, error) {
	from, to := p.From.Time().Year(), p.To.Time().Year()
	pc, pa := inScope("cp.region", scope)
	var r shuangbai.RecruitFigures
	if err := db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COUNT(DISTINCT c.id), COALESCE(SUM(cp.places), 0) FROM campaign_posts cp
		JOIN campaigns c ON c.id = cp.campaign_id WHERE `+pc+` AND c.year >= ? AND c.year <= ?`), append(pa, from, to)...).Scan(&r.Campaigns, &r.Places); err != nil {
		return nil, fmt.Errorf("store: dashboard recruitment: %w", err)
	}
	if r.Campaigns == 0 {
		return nil, nil
	}
	ac, aa := inScope("a.region", scope)
	if err := db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COUNT(*), SUM(CASE WHEN a.signed_on IS NOT NULL THEN 1 ELSE 0 END) FROM applicants a
		JOIN campaigns c ON c.id = a.campaign_id WHERE `+ac+` AND c.year >= ? AND c.year <= ?`), append(aa, from, to)...).Scan(&r.Applicants, nullInt(&r.Signed)); err != nil {
		return nil, fmt.Errorf("store: dashboard applicants: %w", err)
	}
	return &r, nil
}

// activityFigures counts the community activities held inside scope in p
// and last year's, the people they reached, and both per kind: one pass
// over the days of both periods (they overlap when p is longer than a
// year), where a query a period looked up each activity's row twice.
func (db *DB) activityFigures(ctx context.Context, scope shuangbai.Scope, p shuangbai.Period) (*shuangbai.ActivityFigures, error) {
	f := shuangbai.ActivityFigures{ByKind: map[shuangbai.ActivityKind]int{}, ByKindLast: map[shuangbai.ActivityKind]int{}}
	last := p.LastYear()
	const in = "a.held_on >= ? AND a.held_on <= ?"
	c, a := inScope("a.region", scope)
	args := append([]any{p.From, p.To, p.From, p.To, last.From, last.To, last.From, last.To}, a...)
	// last starts a year before p, so the two span [last.From, p.To].
	err := db.eachRow(ctx, db.reader(ctx), `SELECT a.kind, SUM(CASE WHEN `+in+` THEN 1 ELSE 0 END), COALESCE(SUM(CASE WHEN `+in+` THEN a.reached ELSE 0 END), 0),
		SUM(CASE WHEN `+in+` THEN 1 ELSE 0 END), COALESCE(SUM(CASE WHEN `+in+` THEN a.reached ELSE 0 END), 0)
		FROM activities a WHERE `+c+` AND a.held_on >= ? AND a.held_on <= ? GROUP BY a.kind`, append(args, last.From, p.To), func(scan func(...any) error) error {
		var kind string
		var n, reached, nLast, reachedLast int
		if err := scan(&kind, &n, &reached, &nLast, &reachedLast); err != nil {
			return err
		}
		// A kind is in a period's map when it was held then, as before.
		f.Held, f.Reached, f.HeldLast, f.ReachedLast = f.Held+n, f.Reached+reached, f.HeldLast+nLast, f.ReachedLast+reachedLast
		if n > 0 {
			f.ByKind[shuangbai.ActivityKind(kind)] += n
		}
		if nLast > 0 {
			f.ByKindLast[shuangbai.ActivityKind(kind)] += nLast
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: dashboard activities: %w", err)
	}
	return &f, nil
}

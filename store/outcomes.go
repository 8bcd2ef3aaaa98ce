package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"strings"

	"shuangbai"
)

// Outcomes counts a region's results over [from, to] from the case files:
// people and households newly filed, people identified per group, visits,
// applications per kind and result, households linked to relief. A zero
// from counts from the beginning.
func (db *DB) Outcomes(ctx context.Context, scope shuangbai.Scope, region string, from, to shuangbai.Date) (*shuangbai.Outcomes, error) {
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
	pc, pa := "b.found_on >= ? AND b.found_on <= ?", []any{from, to}

	// The people identified per group: a town or above reads the counts
	// kept per day found and group (migration 0037), a village its files.
	groupsQuery, groupsArgs := `SELECT g.grp, COUNT(*) FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id WHERE `+sc+` AND `+pc+` GROUP BY g.grp`, append(sa, pa...)
	if len(region) <= 9 {
		tc, ta := inScope("region", shuangbai.Scope{Code: region})
		groupsQuery = `SELECT grp, SUM(n) FROM tally_found_groups WHERE grain = ? AND ` + tc + ` AND day >= ? AND day <= ? GROUP BY grp`
		groupsArgs = append(append([]any{tallyGrain(region)}, ta...), from, to)
	}
	groups, err := db.groupCount(ctx, groupsQuery, groupsArgs...)
	if err != nil {
		return nil, err
	}
	for g, n := range groups {
		o.Identified[shuangbai.Group(g)] = n
	}
	if err := db.outcomeVisits(ctx, region, from, to, o); err != nil {
		return nil, err
	}

	v, err := db.filesVersion(ctx)
	if err != nil {
		return nil, err
	}
	c, err := cachedAt(&db.files, v, "outcomes|"+region+"|"+from.String()+"|"+to.String(), func() (*outcomeCounts, error) {
		return db.outcomeCounts(ctx, region, from, to)
	})
	if err != nil {
		return nil, err
	}
	o.People, o.Households = c.people, c.households
	o.ReliefHouseholds, o.TemporaryHouseholds, o.VolunteerHouseholds = c.relief, c.temporary, c.volunteer
	o.Applications, o.Approved = maps.Clone(c.applications), maps.Clone(c.approved)
	return o, nil
}

// outcomeCounts are what a period's outcomes count of the files and the
// applications alone: the people and households filed, the applications
// per kind and result, the households linked. The households are distinct
// counts, which no per-day count sums, so they are read from the records
// (a province's year: 300,000 files, 0.5 s of CPU) and kept under the
// files version (migration 0038), which no visit changes.
type outcomeCounts struct {
	people, households           int
	applications, approved       map[shuangbai.AppKind]int
	relief, temporary, volunteer int
}

// filesVersion reads the data version of outcomeCounts' inputs.
func (db *DB) filesVersion(ctx context.Context) (int64, error) { return db.dataVersion(ctx, "files") }

// dataVersion reads a data version (migrations 0032 and 0038): a number
// that every write to what it covers moves on, by trigger.
func (db *DB) dataVersion(ctx context.Context, name string) (int64, error) {
	var v int64
	if err := db.reader(ctx).QueryRowContext(ctx, db.q("SELECT version FROM data_versions WHERE name = ?"), name).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: %s version: %w", name, err)
	}
	return v, nil
}

func (db *DB) outcomeCounts(ctx context.Context, region string, from, to shuangbai.Date) (*outcomeCounts, error) {
	o := &outcomeCounts{applications: map[shuangbai.AppKind]int{}, approved: map[shuangbai.AppKind]int{}}
	sc, sa := inScope("b.region", shuangbai.Scope{Code: region})
	period := func(col string) (string, []any) { return col + " >= ? AND " + col + " <= ?", []any{from, to} }
	pc, pa := period("b.found_on")
	if err := db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COUNT(*), COUNT(DISTINCT COALESCE(b.household_id, -b.id)) FROM beneficiaries b WHERE `+sc+` AND `+pc),
		append(sa, pa...)...).Scan(&o.people, &o.households); err != nil {
		return nil, fmt.Errorf("store: outcomes filed: %w", err)
	}

	// Applications per kind and result read the index (region,
	// prepared_on, kind, status) alone; the households linked, distinct
	// over all results, are counted per kind in one more query of the
	// kinds that have them, joined to the files for their household.
	ac, aa := inScope("a.region", shuangbai.Scope{Code: region})
	dc, da := period("a.prepared_on")
	err := db.eachRow(ctx, db.reader(ctx), `SELECT a.kind, a.status, COUNT(*) FROM applications a WHERE `+ac+` AND `+dc+` GROUP BY a.kind, a.status`,
		append(aa, da...), func(scan func(...any) error) error {
			var kind, status string
			var n int
			if err := scan(&kind, &status, &n); err != nil {
				return err
			}
			k := shuangbai.AppKind(kind)
			o.applications[k] += n
			if shuangbai.AppStatus(status) == shuangbai.AppApproved {
				o.approved[k] += n
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: outcomes applications: %w", err)
	}
	linked := map[shuangbai.AppKind]*int{shuangbai.AppRelief: &o.relief, shuangbai.AppTemporary: &o.temporary, shuangbai.AppVolunteer: &o.volunteer}
	var kinds []any
	for _, k := range []shuangbai.AppKind{shuangbai.AppRelief, shuangbai.AppTemporary, shuangbai.AppVolunteer} {
		if o.applications[k] > 0 {
			kinds = append(kinds, string(k))
		}
	}
	if len(kinds) == 0 {
		return o, nil
	}
	err = db.eachRow(ctx, db.reader(ctx), `SELECT a.kind, COUNT(DISTINCT COALESCE(b.household_id, -b.id)) FROM applications a JOIN beneficiaries b ON b.id = a.beneficiary_id
		WHERE `+ac+` AND `+dc+` AND a.kind IN (?`+strings.Repeat(", ?", len(kinds)-1)+`) GROUP BY a.kind`, append(append(aa, da...), kinds...), func(scan func(...any) error) error {
		var kind string
		var n int
		if err := scan(&kind, &n); err != nil {
			return err
		}
		*linked[shuangbai.AppKind(kind)] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: outcomes households: %w", err)
	}
	return o, nil
}

// outcomeVisits counts the visits and home visits to region over [from,
// to]. A region the summaries keep counts for (a town or above) reads
// them: a city's year is its counties' days, a few thousand rows, however
// many visits they hold. A village's are counted from its visits, which
// are few.
func (db *DB) outcomeVisits(ctx context.Context, region string, from, to shuangbai.Date, o *shuangbai.Outcomes) error {
	if len(region) > 9 {
		vc, va := inScope("v.region", shuangbai.Scope{Code: region})
		if err := db.reader(ctx).QueryRowContext(ctx, db.q(`SELECT COUNT(*), SUM(CASE WHEN v.kind = 'home' THEN 1 ELSE 0 END) FROM visits v
			WHERE `+vc+` AND v.visited_on >= ? AND v.visited_on <= ?`), append(va, from, to)...).Scan(&o.Visits, nullInt(&o.HomeVisits)); err != nil {
			return fmt.Errorf("store: outcomes visits: %w", err)
		}
		return nil
	}
	if err := db.keptSums(ctx, db.reader(ctx), region, from, to, "tally_visits", "tally_home").Scan(&o.Visits, &o.HomeVisits); err != nil {
		return fmt.Errorf("store: outcomes visits: %w", err)
	}
	return nil
}

// keptSums reads, in one row, the sum over [from, to] of each per-day
// summary table named (tally_visits, tally_home, tally_found) for region,
// a town or above, at its grain.
func (db *DB) keptSums(ctx context.Context, q querier, region string, from, to shuangbai.Date, tables ...string) *sql.Row {
	tc, ta := inScope("region", shuangbai.Scope{Code: region})
	args := append(append([]any{tallyGrain(region)}, ta...), from, to)
	var sel []string
	var all []any
	for _, t := range tables {
		sel = append(sel, "(SELECT COALESCE(SUM(n), 0) FROM "+t+" WHERE grain = ? AND "+tc+" AND day >= ? AND day <= ?)")
		all = append(all, args...)
	}
	return q.QueryRowContext(ctx, db.q("SELECT "+strings.Join(sel, ", ")), all...)
}

// nullInt scans a possibly NULL integer (SUM over no rows) as 0.
func nullInt(p *int) any { return &nullIntScanner{p} }

type nullIntScanner struct{ p *int }

func (s *nullIntScanner) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s.p = 0
	case int64:
		*s.p = int(x)
	case float64:
		*s.p = int(x)
	case []byte:
		_, err := fmt.Sscan(string(x), s.p)
		return err
	case string:
		_, err := fmt.Sscan(x, s.p)
		return err
	default:
		return fmt.Errorf("store: cannot scan %T as int", v)
	}
	return nil
}

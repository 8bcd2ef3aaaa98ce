package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"shuangbai"
)

// The summary tables (migrations 0030, 0036 and 0037) count visits and
// home visits per day, open files per level and due day, open files per
// group, and files per day found and per day found and group, at the
// city, county and town grains. They are never rebuilt by a batch job: every
// write that changes what they count collects its changes in a tally and
// applies it in its own transaction, before it commits.

// tallyGrains are the code lengths the summaries keep counts at.
var tallyGrains = [3]int{4, countyLen, 9}

// noDue stands for an open file's missing due day in tally_open, whose key
// cannot be NULL: like a missing day, it is never before today.
var noDue = shuangbai.NewDate(9999, 12, 31)

// tallyGrain is the grain whose rows cover region with the fewest rows:
// the cities for a province or city, the counties for a county, the towns
// for a town.
func tallyGrain(region string) int {
	for _, g := range tallyGrains {
		if len(region) <= g {
			return g
		}
	}
	return tallyGrains[len(tallyGrains)-1]
}

// grainCode is code cut to grain; a shorter code is kept whole, as SUBSTR
// does, so a county-level record counts in its county but in no town.
func grainCode(code string, grain int) string {
	if len(code) > grain {
		return code[:grain]
	}
	return code
}

type dayKey struct {
	grain  int
	region string
	day    string // 'YYYY-MM-DD'
}

type dueKey struct {
	grain  int
	region string
	level  int
	due    string
}

type groupKey struct {
	grain  int
	region string
	grp    string
}

// dayGroupKey keys tally_found_groups: a day found and a group.
type dayGroupKey struct {
	grain  int
	region string
	day    string
	grp    string
}

// A tally is the change one transaction makes to the summary tables.
type tally struct {
	visits map[dayKey]int
	home   map[dayKey]int // the home visits (入户) among visits
	open   map[dueKey]int
	groups map[groupKey]int
	found  map[dayKey]int
	// foundGroups: the files found per day and group, open or closed.
	foundGroups map[dayGroupKey]int
}

func newTally() *tally {
	return &tally{visits: map[dayKey]int{}, home: map[dayKey]int{}, open: map[dueKey]int{}, groups: map[groupKey]int{}, found: map[dayKey]int{},
		foundGroups: map[dayGroupKey]int{}}
}

// visit counts n visits of kind to region on day (n < 0 takes them away).
func (t *tally) visit(region string, day shuangbai.Date, kind shuangbai.VisitKind, n int) {
	for _, g := range tallyGrains {
		k := dayKey{g, grainCode(region, g), day.String()}
		t.visits[k] += n
		if kind == shuangbai.VisitHome {
			t.home[k] += n
		}
	}
}

// fileState is what the summaries count of one file.
type fileState struct {
	region string
	open   bool
	level  int
	due    shuangbai.Date
	found  shuangbai.Date
	groups []string
}

func stateOf(b *shuangbai.Beneficiary) *fileState {
	f := &fileState{region: b.Region, open: b.Open, level: int(b.Level), due: b.NextDue, found: b.FoundOn}
	seen := map[shuangbai.Group]bool{}
	for _, g := range b.Groups {
		if !seen[g] {
			seen[g] = true
			f.groups = append(f.groups, string(g))
		}
	}
	return f
}

// file counts f with sign +1 (it is now so) or -1 (it was so); nil counts
// nothing, for a file that did not exist.
func (t *tally) file(f *fileState, sign int) {
	if f == nil {
		return
	}
	due := f.due
	if due.IsZero() {
		due = noDue
	}
	for _, g := range tallyGrains {
		r := grainCode(f.region, g)
		if !f.found.IsZero() {
			t.found[dayKey{g, r, f.found.String()}] += sign
			for _, grp := range f.groups {
				t.foundGroups[dayGroupKey{g, r, f.found.String(), grp}] += sign
			}
		}
		if !f.open {
			continue
		}
		t.open[dueKey{g, r, f.level, due.String()}] += sign
		for _, grp := range f.groups {
			t.groups[groupKey{g, r, grp}] += sign
		}
	}
}

// fileState reads what the summaries count of file id, nil when there is
// no such file. lock, before a write, locks the file's row on PostgreSQL
// until the transaction ends, so that no other transaction changes it
// between this read and the write: two visits recorded at once would both
// take away the same old due day. SQLite's writers take the database's
// write lock at BEGIN already.
func (db *DB) fileState(ctx context.Context, q querier, id int64, lock bool) (*fileState, error) {
	var f fileState
	query := "SELECT region, open, level, next_due, found_on FROM beneficiaries WHERE id = ?"
	if lock && db.dialect == postgres {
		query += " FOR UPDATE"
	}
	err := q.QueryRowContext(ctx, db.q(query), id).Scan(&f.region, &f.open, &f.level, &f.due, &f.found)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: tally file: %w", err)
	}
	rows, err := q.QueryContext(ctx, db.qFixed("SELECT grp FROM beneficiary_groups WHERE beneficiary_id = ? ORDER BY grp"), id)
	if err != nil {
		return nil, fmt.Errorf("store: tally groups: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			return nil, err
		}
		f.groups = append(f.groups, g)
	}
	return &f, rows.Err()
}

// counted runs write, which changes file id, and applies the change it
// made to what the summaries count of that file, in tx, with what write
// added to the tally itself (the visits it recorded).
func (db *DB) counted(ctx context.Context, tx *sql.Tx, id int64, write func(t *tally) error) error {
	before, err := db.fileState(ctx, tx, id, true)
	if err != nil {
		return err
	}
	t := newTally()
	if err := write(t); err != nil {
		return err
	}
	after, err := db.fileState(ctx, tx, id, false)
	if err != nil {
		return err
	}
	t.file(before, -1)
	t.file(after, +1)
	return t.apply(ctx, db, tx)
}

// countNew counts file id, just filed in tx.
func (db *DB) countNew(ctx context.Context, tx *sql.Tx, id int64) error {
	f, err := db.fileState(ctx, tx, id, false)
	if err != nil {
		return err
	}
	t := newTally()
	t.file(f, +1)
	return t.apply(ctx, db, tx)
}

// moveVisitTally moves the counts of file id's visits to region, before
// the visits themselves move there.
func (db *DB) moveVisitTally(ctx context.Context, tx *sql.Tx, id int64, region string) error {
	rows, err := tx.QueryContext(ctx, db.q("SELECT region, visited_on, kind, COUNT(*) FROM visits WHERE beneficiary_id = ? GROUP BY region, visited_on, kind"), id)
	if err != nil {
		return fmt.Errorf("store: tally moved visits: %w", err)
	}
	t := newTally()
	for rows.Next() {
		var from, kind string
		var on shuangbai.Date
		var n int
		if err := rows.Scan(&from, &on, &kind, &n); err != nil {
			rows.Close()
			return err
		}
		t.visit(from, on, shuangbai.VisitKind(kind), -n)
		t.visit(region, on, shuangbai.VisitKind(kind), n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return t.apply(ctx, db, tx)
}

// tallyTable describes one summary table for apply.
type tallyTable struct {
	name string
	key  []string
	rows [][]any // key values then the change, in key order
}

// apply adds the tally to the summary tables in tx: one upsert per table
// and up to a few thousand keys, keys in a fixed order so that two
// transactions on PostgreSQL lock shared rows in the same order and never
// deadlock; then it deletes the rows whose count fell to zero.
func (t *tally) apply(ctx context.Context, db *DB, tx *sql.Tx) error {
	tables := []tallyTable{{name: "tally_visits", key: []string{"grain", "region", "day"}}, {name: "tally_open", key: []string{"grain", "region", "level", "due"}},
		{name: "tally_groups", key: []string{"grain", "region", "grp"}}, {name: "tally_found", key: []string{"grain", "region", "day"}},
		{name: "tally_home", key: []string{"grain", "region", "day"}},
		{name: "tally_found_groups", key: []string{"grain", "region", "day", "grp"}}}
	day := func(s string) shuangbai.Date { d, _ := shuangbai.ParseDate(s); return d }
	for k, n := range t.visits {
		if n != 0 {
			tables[0].rows = append(tables[0].rows, []any{k.grain, k.region, day(k.day), n})
		}
	}
	for k, n := range t.open {
		if n != 0 {
			tables[1].rows = append(tables[1].rows, []any{k.grain, k.region, k.level, day(k.due), n})
		}
	}
	for k, n := range t.groups {
		if n != 0 {
			tables[2].rows = append(tables[2].rows, []any{k.grain, k.region, k.grp, n})
		}
	}
	for k, n := range t.found {
		if n != 0 {
			tables[3].rows = append(tables[3].rows, []any{k.grain, k.region, day(k.day), n})
		}
	}
	for k, n := range t.home {
		if n != 0 {
			tables[4].rows = append(tables[4].rows, []any{k.grain, k.region, day(k.day), n})
		}
	}
	for k, n := range t.foundGroups {
		if n != 0 {
			tables[5].rows = append(tables[5].rows, []any{k.grain, k.region, day(k.day), k.grp, n})
		}
	}
	for _, tb := range tables {
		sort.Slice(tb.rows, func(i, j int) bool { return keyLess(tb.rows[i], tb.rows[j]) })
		if err := tb.upsert(ctx, db, tx); err != nil {
			return err
		}
	}
	return nil
}

func keyLess(a, b []any) bool {
	for i := range len(a) - 1 {
		if c := compareKey(a[i], b[i]); c != 0 {
			return c < 0
		}
	}
	return false
}

func compareKey(a, b any) int {
	switch x := a.(type) {
	case int:
		return x - b.(int)
	case string:
		return strings.Compare(x, b.(string))
	case shuangbai.Date:
		return x.Time().Compare(b.(shuangbai.Date).Time())
	}
	return 0
}

func (tb tallyTable) upsert(ctx context.Context, db *DB, tx *sql.Tx) error {
	cols := append(append([]string{}, tb.key...), "n")
	one := "(" + strings.Repeat("?, ", len(cols)-1) + "?)"
	batch := 30000 / len(cols) // under both engines' limits on parameters
	var zero [][]any
	for rows := tb.rows; len(rows) > 0; {
		n := min(batch, len(rows))
		args := make([]any, 0, n*len(cols))
		for _, r := range rows[:n] {
			args = append(args, r...)
			if r[len(r)-1].(int) < 0 {
				zero = append(zero, r[:len(r)-1])
			}
		}
		query := "INSERT INTO " + tb.name + " (" + strings.Join(cols, ", ") + ") VALUES " + strings.Repeat(one+", ", n-1) + one +
			" ON CONFLICT (" + strings.Join(tb.key, ", ") + ") DO UPDATE SET n = " + tb.name + ".n + excluded.n"
		if _, err := tx.ExecContext(ctx, db.q(query), args...); err != nil {
			return fmt.Errorf("store: tally %s: %w", tb.name, err)
		}
		rows = rows[n:]
	}
	// Only a count that went down can have reached zero: those keys are
	// deleted where it did, in one statement per batch.
	key := "(" + strings.Repeat("?, ", len(tb.key)-1) + "?)"
	for len(zero) > 0 {
		n := min(batch, len(zero))
		var args []any
		for _, k := range zero[:n] {
			args = append(args, k...)
		}
		del := "DELETE FROM " + tb.name + " WHERE n = 0 AND (" + strings.Join(tb.key, ", ") + ") IN (" + strings.Repeat(key+", ", n-1) + key + ")"
		if _, err := tx.ExecContext(ctx, db.q(del), args...); err != nil {
			return fmt.Errorf("store: tally %s: %w", tb.name, err)
		}
		zero = zero[n:]
	}
	return nil
}

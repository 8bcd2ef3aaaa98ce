package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// tallyRecounts are, per summary table, the query that counts its rows
// afresh from the records, with the same columns as the table: the same
// counts migrations 0030, 0036 and 0037 filled the tables with. %[1]d is the grain.
var tallyRecounts = []struct{ table, cols, recount string }{
	{"tally_visits", "grain, region, day, n",
		"SELECT %[1]d, SUBSTR(region, 1, %[1]d), visited_on, COUNT(*) FROM visits GROUP BY 2, 3"},
	{"tally_open", "grain, region, level, due, n",
		"SELECT %[1]d, SUBSTR(region, 1, %[1]d), level, COALESCE(next_due, ?), COUNT(*) FROM beneficiaries WHERE open GROUP BY 2, 3, 4"},
	{"tally_groups", "grain, region, grp, n",
		"SELECT %[1]d, SUBSTR(b.region, 1, %[1]d), g.grp, COUNT(*) FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id WHERE b.open GROUP BY 2, 3"},
	{"tally_found", "grain, region, day, n",
		"SELECT %[1]d, SUBSTR(region, 1, %[1]d), found_on, COUNT(*) FROM beneficiaries WHERE found_on IS NOT NULL GROUP BY 2, 3"},
	{"tally_home", "grain, region, day, n",
		"SELECT %[1]d, SUBSTR(region, 1, %[1]d), visited_on, COUNT(*) FROM visits WHERE kind = 'home' GROUP BY 2, 3"},
	{"tally_found_groups", "grain, region, day, grp, n",
		"SELECT %[1]d, SUBSTR(b.region, 1, %[1]d), b.found_on, g.grp, COUNT(*) FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id WHERE b.found_on IS NOT NULL GROUP BY 2, 3, 4"},
}

// TallyDrift recounts the summary tables from the records and returns how
// they differ, one line per row ("table key: kept n, counted m"), sorted;
// none when they agree. A row kept with a count of zero differs too: the
// writes delete those. It reads every record, so it is for tests and an
// operator's check, never for a page.
//
// The kept rows and the records are read in one snapshot, as VerifyChains
// reads the logs: read apart, a write committed in between (a roster
// import finishing in the background) showed as drift.
func (db *DB) TallyDrift(ctx context.Context) ([]string, error) {
	tx, err := db.snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: tally drift: %w", err)
	}
	defer tx.Rollback()
	var out []string
	for _, t := range tallyRecounts {
		kept, err := db.tallyRows(ctx, tx, "SELECT "+t.cols+" FROM "+t.table)
		if err != nil {
			return nil, err
		}
		counted := map[string]int{}
		for _, g := range tallyGrains {
			var args []any
			if t.table == "tally_open" {
				args = []any{noDue}
			}
			rows, err := db.tallyRows(ctx, tx, fmt.Sprintf(t.recount, g), args...)
			if err != nil {
				return nil, err
			}
			for k, n := range rows {
				counted[k] = n
			}
		}
		for k, n := range kept {
			if counted[k] != n || n == 0 {
				out = append(out, fmt.Sprintf("%s %s: kept %d, counted %d", t.table, k, n, counted[k]))
			}
		}
		for k, n := range counted {
			if _, ok := kept[k]; !ok {
				out = append(out, fmt.Sprintf("%s %s: kept none, counted %d", t.table, k, n))
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// tallyRows reads rows of key columns and a count into a map by the key,
// the key's values formatted alike on both engines.
func (db *DB) tallyRows(ctx context.Context, q querier, query string, args ...any) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: tally recount: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		key := make([]string, len(cols)-1)
		for i, v := range vals[:len(cols)-1] {
			key[i] = keyText(v)
		}
		var n int
		fmt.Sscan(keyText(vals[len(cols)-1]), &n)
		out[strings.Join(key, " ")] = n
	}
	return out, rows.Err()
}

// keyText formats a scanned value: a PostgreSQL DATE arrives as a time, an
// SQLite date as its text.
func keyText(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case interface{ Format(string) string }:
		return x.Format("2006-01-02")
	}
	return fmt.Sprint(v)
}

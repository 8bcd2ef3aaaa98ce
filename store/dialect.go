package store

import (
	"context"
	"strconv"
	"strings"

	"shuangbai"
)

// dialect is the engine behind a DB. The SQL is shared; the few places where
// the engines differ branch on it here.
type dialect int

const (
	sqlite dialect = iota
	postgres
)

func (d dialect) String() string {
	if d == postgres {
		return "postgres"
	}
	return "sqlite"
}

// q rewrites the ? placeholders of a shared query to $1, $2 … for
// PostgreSQL. Queries must not contain ? in string literals.
func (db *DB) q(query string) string {
	if db.dialect != postgres {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// qFixed is q for a statement whose plan is the same whatever its values
// (a key's index, a range ordered by its index and cut by a LIMIT). On
// SQLite each placeholder becomes "+?", a no-op to the value that keeps
// the planner from reading it: with the samples of sqlite_stat4, SQLite
// plans with the values bound and marks a statement so planned to be
// prepared again whenever a parameter is bound anew, which a kept
// statement is on every call. That preparing was 11% of a load run's CPU
// (bench -cpuprofile, city, 2026-12-03). PostgreSQL plans a kept
// statement for any value after its fifth run anyway.
func (db *DB) qFixed(query string) string {
	if db.dialect == postgres {
		return db.q(query)
	}
	return strings.ReplaceAll(query, "?", "+?")
}

// inScope returns the condition that col lies in scope's subtree, as one
// range over the code index. The zero scope matches nothing.
func inScope(col string, scope shuangbai.Scope) (string, []any) {
	if scope.All {
		return "1 = 1", nil
	}
	if scope.Code == "" {
		return "1 = 0", nil
	}
	lo, hi := scope.Range()
	if hi == "" {
		return col + " >= ?", []any{lo}
	}
	return "(" + col + " >= ? AND " + col + " < ?)", []any{lo, hi}
}

// where collects the conditions and arguments of a query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) scope(col string, s shuangbai.Scope) {
	c, a := inScope(col, s)
	w.add(c, a...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.conds, " AND ")
}

// page returns a LIMIT/OFFSET clause with a sane default and cap.
func page(limit, offset int) string {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if offset < 0 {
		offset = 0
	}
	return " LIMIT " + strconv.Itoa(limit) + " OFFSET " + strconv.Itoa(offset)
}

// likeEscape escapes the wildcards of s for a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// placeholders returns n comma-separated ? for an IN list (n ≥ 1).
func placeholders(n int) string { return "?" + strings.Repeat(", ?", n-1) }

// inBatches calls fn with args in slices short enough for one IN (…) list
// on either engine.
func inBatches(args []any, fn func(batch []any) error) error {
	for len(args) > 0 {
		n := min(len(args), 500)
		if err := fn(args[:n]); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

// eachRow runs a query and calls fn with a scanner for each row.
func (db *DB) eachRow(ctx context.Context, q querier, query string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := q.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

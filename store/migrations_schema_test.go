package store_test

import (
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"shuangbai/store"
	"shuangbai/store/storetest"
)

// A schema is what TestMigrationsInStep compares between the two engines'
// migrations: the tables with their columns and a coarse class of each
// column's type, and the indexes a migration creates by name (not those an
// engine makes for a PRIMARY KEY or UNIQUE constraint).
type schema struct {
	tables  map[string]map[string]string // table → column → type class
	indexes map[string]schemaIndex
	// triggered: the tables whose writes a trigger follows (the progress
	// table's data version): SQLite has one trigger per table and
	// statement kind, PostgreSQL one per table, but the tables must agree.
	triggered map[string]bool
}

type schemaIndex struct {
	table   string
	columns []string
	unique  bool
}

func (i schemaIndex) String() string {
	u := ""
	if i.unique {
		u = "UNIQUE "
	}
	return u + i.table + " (" + strings.Join(i.columns, ", ") + ")"
}

func newSchema() *schema {
	return &schema{tables: map[string]map[string]string{}, indexes: map[string]schemaIndex{}, triggered: map[string]bool{}}
}

// typeClass sorts a declared or reported column type into the classes the
// engines share. Dates are TEXT 'YYYY-MM-DD' on SQLite and DATE on
// PostgreSQL, so both are text here; INTEGER and BIGINT are both integer.
func typeClass(t string) string {
	t = strings.ToUpper(strings.TrimSpace(t))
	switch {
	case strings.Contains(t, "INT"):
		return "integer"
	case strings.HasPrefix(t, "TIMESTAMP"):
		return "timestamp"
	case strings.HasPrefix(t, "BOOL"):
		return "boolean"
	case strings.Contains(t, "REAL"), strings.Contains(t, "DOUBLE"), strings.Contains(t, "FLOAT"), strings.Contains(t, "NUMERIC"), strings.Contains(t, "DECIMAL"):
		return "number"
	case t == "DATE", strings.Contains(t, "TEXT"), strings.Contains(t, "CHAR"):
		return "text"
	case strings.Contains(t, "BLOB"), strings.Contains(t, "BYTEA"):
		return "bytes"
	}
	return "unknown type " + t
}

var (
	reComment     = regexp.MustCompile(`--[^\n]*`)
	reCreateTable = regexp.MustCompile(`(?is)^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\((.*)\)(?:\s+WITHOUT\s+ROWID)?$`)
	reCreateIndex = regexp.MustCompile(`(?is)^CREATE\s+(UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+ON\s+(\w+)\s*\((.*)\)$`)
	reAddColumn   = regexp.MustCompile(`(?is)^ALTER\s+TABLE\s+(\w+)\s+ADD\s+(?:COLUMN\s+)?(\w+)\s+(.*)$`)
	reDropColumn  = regexp.MustCompile(`(?is)^ALTER\s+TABLE\s+(\w+)\s+DROP\s+(?:COLUMN\s+)?(\w+)$`)
	reDropIndex   = regexp.MustCompile(`(?is)^DROP\s+INDEX\s+(?:IF\s+EXISTS\s+)?(\w+)$`)
	reDropTable   = regexp.MustCompile(`(?is)^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)$`)
	reRenameTable = regexp.MustCompile(`(?is)^ALTER\s+TABLE\s+(\w+)\s+RENAME\s+TO\s+(\w+)$`)
	reRenameIndex = regexp.MustCompile(`(?is)^ALTER\s+INDEX\s+(\w+)\s+RENAME\s+TO\s+(\w+)$`)
	reAnalyze     = regexp.MustCompile(`(?is)^ANALYZE(\s+\w+)?$`)
	reDropTrigger = regexp.MustCompile(`(?is)^DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?\w+(\s+ON\s+\w+)?$`)
	reData        = regexp.MustCompile(`(?is)^(INSERT|UPDATE|DELETE)\s`)
	// Triggers and their functions hold statements of their own, so they
	// are taken out before the text is split at semicolons.
	reTriggerBody = regexp.MustCompile(`(?is)CREATE\s+(CONSTRAINT\s+)?TRIGGER\s[^;]*?\bBEGIN\b.*?\bEND\s*;`)
	reTrigger     = regexp.MustCompile(`(?is)CREATE\s+(CONSTRAINT\s+)?TRIGGER\s[^;]*;`)
	reFunction    = regexp.MustCompile(`(?is)CREATE\s+(OR\s+REPLACE\s+)?FUNCTION\s.*?\$\$.*?\$\$[^;]*;`) // options may follow the body
	reTriggerOn   = regexp.MustCompile(`(?is)\bON\s+(\w+)`)
	// Words that end a column's type and begin its constraints.
	reTypeEnd = regexp.MustCompile(`(?i)\s(NOT|NULL|PRIMARY|REFERENCES|DEFAULT|UNIQUE|CHECK|COLLATE|GENERATED|CONSTRAINT)\b`)
)

// splitTop splits s at the commas outside parentheses.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// columnDef returns the name and type class of a column definition.
func columnDef(def string) (string, string) {
	f := strings.Fields(def)
	rest := " " + strings.Join(f[1:], " ")
	if loc := reTypeEnd.FindStringIndex(rest); loc != nil {
		rest = rest[:loc[0]]
	}
	return strings.ToLower(f[0]), typeClass(rest)
}

// parsedSchema applies the migrations of one folder, as text, to an empty
// schema. A statement it does not understand fails the test, so that a new
// kind of migration extends the parser rather than slipping past it.
func parsedSchema(t *testing.T, dir string) *schema {
	t.Helper()
	s := newSchema()
	names, err := fs.Glob(os.DirFS(dir), "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		text := reComment.ReplaceAllString(string(b), "")
		text = reFunction.ReplaceAllString(text, "")
		for _, re := range []*regexp.Regexp{reTriggerBody, reTrigger} {
			text = re.ReplaceAllStringFunc(text, func(trig string) string {
				if m := reTriggerOn.FindStringSubmatch(trig); m != nil {
					s.triggered[strings.ToLower(m[1])] = true
				}
				return ""
			})
		}
		for _, stmt := range strings.Split(text, ";") {
			stmt = strings.Join(strings.Fields(stmt), " ")
			if stmt == "" {
				continue
			}
			if m := reCreateTable.FindStringSubmatch(stmt); m != nil {
				cols := map[string]string{}
				for _, def := range splitTop(m[2]) {
					switch strings.ToUpper(strings.Fields(def)[0]) {
					case "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT":
						continue
					}
					c, class := columnDef(def)
					cols[c] = class
				}
				s.tables[strings.ToLower(m[1])] = cols
			} else if m := reCreateIndex.FindStringSubmatch(stmt); m != nil {
				var cols []string
				for _, c := range splitTop(m[4]) {
					cols = append(cols, strings.ToLower(c))
				}
				s.indexes[strings.ToLower(m[2])] = schemaIndex{strings.ToLower(m[3]), cols, m[1] != ""}
			} else if m := reAddColumn.FindStringSubmatch(stmt); m != nil && s.tables[strings.ToLower(m[1])] != nil {
				c, class := columnDef(m[2] + " " + m[3])
				s.tables[strings.ToLower(m[1])][c] = class
			} else if m := reDropColumn.FindStringSubmatch(stmt); m != nil && s.tables[strings.ToLower(m[1])] != nil {
				delete(s.tables[strings.ToLower(m[1])], strings.ToLower(m[2]))
			} else if m := reDropIndex.FindStringSubmatch(stmt); m != nil {
				delete(s.indexes, strings.ToLower(m[1]))
			} else if m := reDropTable.FindStringSubmatch(stmt); m != nil {
				// A table's indexes go with it.
				table := strings.ToLower(m[1])
				delete(s.tables, table)
				for name, ix := range s.indexes {
					if ix.table == table {
						delete(s.indexes, name)
					}
				}
			} else if m := reRenameTable.FindStringSubmatch(stmt); m != nil && s.tables[strings.ToLower(m[1])] != nil {
				// Its indexes stay with it, under their names.
				from, to := strings.ToLower(m[1]), strings.ToLower(m[2])
				s.tables[to] = s.tables[from]
				delete(s.tables, from)
				for name, ix := range s.indexes {
					if ix.table == from {
						ix.table = to
						s.indexes[name] = ix
					}
				}
			} else if m := reRenameIndex.FindStringSubmatch(stmt); m != nil {
				// A PRIMARY KEY's index is not kept by name: only the
				// indexes a migration created move.
				if ix, ok := s.indexes[strings.ToLower(m[1])]; ok {
					delete(s.indexes, strings.ToLower(m[1]))
					s.indexes[strings.ToLower(m[2])] = ix
				}
			} else if reAnalyze.MatchString(stmt) {
				// statistics, not schema
			} else if reDropTrigger.MatchString(stmt) {
				// Triggers are compared by the tables they follow, and a
				// trigger dropped is made again on its table (0041): the
				// tables followed stay as they were.
			} else if !reData.MatchString(stmt) {
				t.Errorf("%s/%s: statement the schema comparison does not understand: %.80s", dir, name, stmt)
			}
		}
	}
	return s
}

// migratedSchema reads the schema of a database store.Open has migrated,
// through the engine's own catalogue. schema_migrations, which migrate
// itself creates, is left out.
func migratedSchema(t *testing.T, driver, dsn string) *schema {
	t.Helper()
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var tablesQ, columnsQ, indexesQ string
	if driver == "sqlite" {
		tablesQ = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
		columnsQ = `SELECT name, type FROM pragma_table_info(?) ORDER BY cid`
		// Only the indexes a statement created: those of constraints have no SQL.
		indexesQ = `SELECT m.name, m.tbl_name, l."unique",
			COALESCE((SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno)), '')
			FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
			WHERE m.type = 'index' AND m.sql IS NOT NULL`
	} else {
		tablesQ = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
		columnsQ = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`
		indexesQ = `SELECT i.relname, c.relname, x.indisunique,
			array_to_string(ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnatts) k ORDER BY k), ',')
			FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`
	}
	query := func(q string, args []any, dest ...any) func(yield func() bool) {
		return func(yield func() bool) {
			rows, err := conn.QueryContext(t.Context(), q, args...)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			defer rows.Close()
			for rows.Next() {
				if err := rows.Scan(dest...); err != nil {
					t.Fatal(err)
				}
				if !yield() {
					return
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
		}
	}
	s := newSchema()
	var table, name, typ, cols string
	var unique bool
	var tables []string
	for range query(tablesQ, nil, &table) {
		if table != "schema_migrations" {
			tables = append(tables, table)
		}
	}
	for _, table := range tables {
		s.tables[table] = map[string]string{}
		for range query(columnsQ, []any{table}, &name, &typ) {
			s.tables[table][strings.ToLower(name)] = typeClass(typ)
		}
	}
	for range query(indexesQ, nil, &name, &table, &unique, &cols) {
		s.indexes[name] = schemaIndex{table, strings.Split(strings.ToLower(cols), ","), unique}
	}
	return s
}

// compareSchemas reports every table, column, type class and index that
// differs between a and b.
func compareSchemas(t *testing.T, aName string, a *schema, bName string, b *schema) {
	t.Helper()
	for _, name := range sortedUnion(a.tables, b.tables) {
		ca, inA := a.tables[name]
		cb, inB := b.tables[name]
		if !inA || !inB {
			t.Errorf("table %s: only in %s", name, map[bool]string{true: aName, false: bName}[inA])
			continue
		}
		for _, col := range sortedUnion(ca, cb) {
			switch xa, xb := ca[col], cb[col]; {
			case xa == "":
				t.Errorf("column %s.%s: only in %s", name, col, bName)
			case xb == "":
				t.Errorf("column %s.%s: only in %s", name, col, aName)
			case xa != xb:
				t.Errorf("column %s.%s: %s in %s, %s in %s", name, col, xa, aName, xb, bName)
			}
		}
	}
	for _, name := range sortedUnion(a.indexes, b.indexes) {
		ia, inA := a.indexes[name]
		ib, inB := b.indexes[name]
		switch {
		case !inA || !inB:
			t.Errorf("index %s: only in %s", name, map[bool]string{true: aName, false: bName}[inA])
		case ia.table != ib.table || ia.unique != ib.unique || !slices.Equal(ia.columns, ib.columns):
			t.Errorf("index %s: %v in %s, %v in %s", name, ia, aName, ib, bName)
		}
	}
}

func sortedUnion[V any](a, b map[string]V) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// checkSchemas is the part of TestMigrationsInStep that compares what the
// migrations build: the two folders as parsed, and each parse with what its
// engine made of it (PostgreSQL when SHUANGBAI_TEST_POSTGRES is set), so
// that the parse can be trusted.
func checkSchemas(t *testing.T) {
	lite, pg := parsedSchema(t, "migrations/sqlite"), parsedSchema(t, "migrations/postgres")
	for _, table := range sortedUnion(lite.triggered, pg.triggered) {
		if !lite.triggered[table] || !pg.triggered[table] {
			t.Errorf("a trigger follows writes to %s in only one of the two folders", table)
		}
		if lite.tables[table] == nil {
			t.Errorf("a trigger follows writes to %s, which no migration creates", table)
		}
	}
	if len(lite.tables) == 0 || len(lite.indexes) == 0 {
		t.Fatalf("parsed %d tables and %d indexes from the SQLite migrations", len(lite.tables), len(lite.indexes))
	}
	for dir, s := range map[string]*schema{"migrations/sqlite": lite, "migrations/postgres": pg} {
		for table, cols := range s.tables {
			for col, class := range cols {
				if strings.HasPrefix(class, "unknown") {
					t.Errorf("%s: column %s.%s: %s", dir, table, col, class)
				}
			}
		}
	}
	compareSchemas(t, "migrations/sqlite", lite, "migrations/postgres", pg)
	t.Run("sqlite", func(t *testing.T) {
		compareSchemas(t, "migrations/sqlite", lite, "a migrated SQLite database",
			migratedSchema(t, "sqlite", filepath.Join(t.TempDir(), "schema.db")))
	})
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(storetest.EnvPostgres) == "" {
			t.Skip(storetest.EnvPostgres + " not set")
		}
		compareSchemas(t, "migrations/postgres", pg, "a migrated PostgreSQL schema", migratedSchema(t, "pgx", storetest.DSN(t)))
	})
}

package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// walkCorpus is n items of words that share grams (老人, 人老, 留守老人,
// 老同志; 低保, 低保户), over a province, a city, its counties and towns,
// at few distinct times (many ties), the title a hit or not.
func walkCorpus(n int) []shuangbai.SearchItem {
	rng := rand.New(rand.NewPCG(7, 40))
	words := []string{"老人", "留守老人", "人老", "老同志", "低保", "低保户", "活动", "社工站", "关爱", "ＡＢＣ", "abc", "1234", "儿童", "探访"}
	regions := []string{"44", "4453", "445302", "445381", "445302001", "445381002", "4401"}
	text := func(k int) string {
		var b strings.Builder
		for range k {
			b.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(3) == 0 {
				b.WriteString("，")
			}
		}
		return b.String()
	}
	var out []shuangbai.SearchItem
	for i := range n {
		out = append(out, shuangbai.SearchItem{
			Kind: "news", ID: int64(i + 1), Region: regions[rng.IntN(len(regions))],
			Title: text(1 + rng.IntN(3)), Body: text(rng.IntN(12)),
			Published: searchDay.Add(time.Duration(rng.IntN(40)) * 250 * time.Millisecond),
		})
	}
	return out
}

// wantSearch is the ranking by its definition, over every item: visible in
// sc (in its subtree or above it), holding every gram the index asks for
// and every term; title hits first, then the rest, each newest first and
// the later indexed first at the same time.
func wantSearch(items []shuangbai.SearchItem, sc shuangbai.Scope, q string, limit int) []string {
	terms, _ := shuangbai.ParseQuery(q)
	type hit struct {
		i     int
		title bool
	}
	var hs []hit
	for i, it := range items {
		visible := sc.All || sc.Contains(it.Region) || strings.HasPrefix(sc.Code, it.Region) && it.Region != sc.Code
		text := it.Title + "\n" + it.Body
		grams := shuangbai.Grams(text)
		indexed := true
		for _, g := range shuangbai.QueryGrams(terms) {
			indexed = indexed && slices.Contains(grams, g)
		}
		if visible && indexed && shuangbai.Contains(text, terms) {
			hs = append(hs, hit{i, shuangbai.Contains(it.Title, terms)})
		}
	}
	slices.SortFunc(hs, func(a, b hit) int {
		if a.title != b.title {
			if a.title {
				return -1
			}
			return 1
		}
		if c := items[b.i].Published.Compare(items[a.i].Published); c != 0 {
			return c
		}
		return b.i - a.i
	})
	var out []string
	for _, h := range hs[:min(limit, len(hs))] {
		out = append(out, fmt.Sprintf("news:%d", items[h.i].ID))
	}
	return out
}

var walkCases = struct {
	scopes  []shuangbai.Scope
	queries []string
	limits  []int
}{
	[]shuangbai.Scope{{All: true}, {Code: "44"}, {Code: "4453"}, {Code: "445302"}, {Code: "445302001"}, {Code: "445381"}},
	[]string{"老人", "低保", "老人 低保", "低保户", "社工站", "abc", "老同", "留守老人", "人老", "关爱 探访 儿童", "养老院"},
	[]int{1, 3, 7, 20, 100},
}

// TestSearchWalkMatchesRanking: the walk of the postings, in pages that
// start where the last ended, finds the first limit of the full ranking
// for every scope, query and limit, over 600 items where most queries
// have hundreds of candidates and the text rejects some of them.
func TestSearchWalkMatchesRanking(t *testing.T) {
	db := storetest.Open(t)
	items := walkCorpus(600)
	if err := db.IndexItems(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	checkWalk(t, db, items)
}

func checkWalk(t *testing.T, db *store.DB, items []shuangbai.SearchItem) {
	t.Helper()
	for _, sc := range walkCases.scopes {
		for _, q := range walkCases.queries {
			for _, limit := range walkCases.limits {
				hs, err := db.Search(context.Background(), sc, q, limit)
				if err != nil {
					t.Fatal(err)
				}
				got, want := strings.Join(hitKeys(hs), ","), strings.Join(wantSearch(items, sc, q, limit), ",")
				if got != want {
					t.Errorf("%+v %q limit %d:\n got %s\nwant %s", sc, q, limit, got, want)
				}
			}
		}
	}
}

// TestSearchMigration0040: postings indexed before 0040 (gram and item
// only) come out of the migration with their item's time and a mark of
// the title that errs only towards "in the title", and every search ranks
// as it does over items indexed afresh.
func TestSearchMigration0040(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	items := walkCorpus(300)
	if err := db.IndexItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Put the postings back as 0023 made them and forget 0040.
	driver, q := "sqlite", func(s string) string { return s }
	if os.Getenv(storetest.EnvPostgres) != "" {
		driver = "pgx"
		q = func(s string) string {
			for i := 1; strings.Contains(s, "?"); i++ {
				s = strings.Replace(s, "?", fmt.Sprintf("$%d", i), 1)
			}
			return s
		}
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	exact := map[[2]string]int{}
	rows, err := raw.QueryContext(ctx, `SELECT gram, doc, in_title FROM search_grams`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var g, doc string
		var in int
		if err := rows.Scan(&g, &doc, &in); err != nil {
			t.Fatal(err)
		}
		exact[[2]string{g, doc}] = in
	}
	rows.Close()
	for _, s := range []string{
		`CREATE TABLE old_grams AS SELECT gram, doc FROM search_grams`,
		`DROP TABLE search_grams`,
		`CREATE TABLE search_grams (gram TEXT NOT NULL, doc BIGINT NOT NULL REFERENCES search_items (id) ON DELETE CASCADE, PRIMARY KEY (gram, doc))`,
		`CREATE INDEX search_grams_doc ON search_grams (doc)`,
		`INSERT INTO search_grams (gram, doc) SELECT gram, doc FROM old_grams`,
		`DROP TABLE old_grams`,
		q(`DELETE FROM schema_migrations WHERE version = ?`),
	} {
		args := []any{}
		if strings.Contains(s, "$1") || strings.Contains(s, "?") {
			args = append(args, 40)
		}
		if _, err := raw.ExecContext(ctx, s, args...); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	raw.Close()

	db, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err = sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err = raw.QueryContext(ctx, `SELECT g.gram, g.doc, g.in_title, g.published_at = i.published_at FROM search_grams g JOIN search_items i ON i.id = g.doc`)
	if err != nil {
		t.Fatal(err)
	}
	n, marked := 0, 0
	for rows.Next() {
		var g, doc string
		var in int
		var sameTime bool
		if err := rows.Scan(&g, &doc, &in, &sameTime); err != nil {
			t.Fatal(err)
		}
		n++
		want, ok := exact[[2]string{g, doc}]
		switch {
		case !ok:
			t.Errorf("posting %s/%s appeared", g, doc)
		case want == 1 && in != 1:
			t.Errorf("posting %s/%s: in the title, migrated as not", g, doc)
		case want == 0 && in == 1:
			marked++
		}
		if !sameTime {
			t.Errorf("posting %s/%s: time is not its item's", g, doc)
		}
	}
	rows.Close()
	if n != len(exact) {
		t.Errorf("%d postings after the migration, %d before", n, len(exact))
	}
	// Only the folded grams (letters and digits) may be marked beyond the
	// exact: the Han ones are exact.
	if marked == 0 {
		t.Error("no posting marked beyond the exact: the corpus has letters and digits, which the migration cannot tell")
	}
	checkWalk(t, db, items)
}

// TestSearchWalkPastOtherRegions: the newest 300 items holding the word are
// another city's, so the walk's first pages hold nothing the county may
// see; it reads on and finds the county's five, oldest last.
func TestSearchWalkPastOtherRegions(t *testing.T) {
	db := storetest.Open(t)
	var items []shuangbai.SearchItem
	for i := range 305 {
		it := shuangbai.SearchItem{Kind: "news", ID: int64(i + 1), Region: "440101", Title: "关爱老人", Body: "走访。",
			Published: searchDay.Add(time.Duration(i) * time.Minute)}
		if i < 5 {
			it.Region = "445302"
		}
		items = append(items, it)
	}
	if err := db.IndexItems(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	hs, err := db.Search(context.Background(), shuangbai.Scope{Code: "445302"}, "老人", 20)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(hitKeys(hs), ","); got != "news:5,news:4,news:3,news:2,news:1" {
		t.Errorf("got %s", got)
	}
}

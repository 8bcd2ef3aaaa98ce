package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"shuangbai"
)

// searchCand is an item a walk of the postings found: it has every gram of
// the query and is visible in the scope, and is yet to be confirmed
// against its text.
type searchCand struct {
	doc       int64
	kind      string
	itemID    int64
	region    string
	title     string
	body      string
	published time.Time
}

// newer reports whether c comes before d in a walk: later published, or
// indexed later at the same time.
func (c searchCand) newer(d searchCand) bool {
	if !c.published.Equal(d.published) {
		return c.published.After(d.published)
	}
	return c.doc > d.doc
}

func (c searchCand) hit(terms []string) shuangbai.SearchHit {
	return shuangbai.SearchHit{
		Kind: c.kind, ID: c.itemID, Region: c.region, Published: c.published,
		Title:   shuangbai.Highlight(c.title, terms),
		Snippet: shuangbai.Snippet(c.body, terms, 80),
	}
}

// postingWalk reads the postings of grams[0] with the given in_title
// newest first, a page at a time, keeping the items that have the other
// grams too and are in the scope. Each page starts after the last row of
// the one before (published_at, doc), on the index search_grams_walk, so
// a page costs the same deep in the walk as at its start.
type postingWalk struct {
	db        *DB
	grams     []string
	inTitle   int
	scope     string
	scopeArgs []any

	pages int
	last  *searchCand
	done  bool
}

// next returns the next page, at least want rows when that many remain,
// or nil when the walk is over. Pages double (up to 512 rows) while the
// caller keeps asking, so a walk through many items the text does not
// confirm takes few round trips.
func (w *postingWalk) next(ctx context.Context, want int) ([]searchCand, error) {
	if w.done {
		return nil, nil
	}
	size := min(max(want, 20)<<min(w.pages, 5), 512)
	w.pages++
	var b strings.Builder
	b.WriteString(`SELECT i.id, i.kind, i.item_id, i.region, i.title, i.body, i.published_at
		FROM search_grams g JOIN search_items i ON i.id = g.doc
		WHERE g.gram = ? AND g.in_title = ?`)
	args := []any{w.grams[0], w.inTitle}
	if w.last != nil {
		b.WriteString(` AND (g.published_at < ? OR g.published_at = ? AND g.doc < ?)`)
		args = append(args, w.last.published, w.last.published, w.last.doc)
	}
	b.WriteString(" AND " + w.scope)
	args = append(args, w.scopeArgs...)
	for _, g := range w.grams[1:] {
		b.WriteString(` AND EXISTS (SELECT 1 FROM search_grams o WHERE o.gram = ? AND o.doc = g.doc)`)
		args = append(args, g)
	}
	// The page's size is an argument, not part of the text, so that every
	// page of a walk reuses the one prepared statement.
	b.WriteString(" ORDER BY g.published_at DESC, g.doc DESC LIMIT ?")
	args = append(args, size)

	var page []searchCand
	err := w.db.eachRow(ctx, w.db.reader(ctx), b.String(), args, func(scan func(...any) error) error {
		var c searchCand
		if err := scan(&c.doc, &c.kind, &c.itemID, &c.region, &c.title, &c.body, &c.published); err != nil {
			return err
		}
		page = append(page, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	if len(page) < size {
		w.done = true
	}
	if len(page) == 0 {
		return nil, nil
	}
	w.last = &page[len(page)-1]
	return page, nil
}

// rarestFirst orders a query's grams by how many items hold each, the
// fewest first: the walk reads the postings of the first and checks the
// others item by item. A count stops at rarestCap postings, so it costs
// little for a common gram, and the grams that reach it keep their order.
func (db *DB) rarestFirst(ctx context.Context, grams []string) ([]string, error) {
	counts := make(map[string]int, len(grams))
	for _, g := range grams {
		var n int
		err := db.reader(ctx).QueryRowContext(ctx, db.q(fmt.Sprintf(
			`SELECT COUNT(*) FROM (SELECT 1 FROM search_grams WHERE gram = ? LIMIT %d) c`, rarestCap)), g).Scan(&n)
		if err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		counts[g] = n
	}
	out := append([]string(nil), grams...)
	sort.SliceStable(out, func(i, j int) bool { return counts[out[i]] < counts[out[j]] })
	return out, nil
}

const rarestCap = 5000

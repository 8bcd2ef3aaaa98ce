package store

import (
	"context"
	"database/sql"
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
	sure      bool // no item walked can fail the text: pages need no spare rows (pageSize)

	pages   int
	lastAt  time.Time // the last posting read: the next page starts after it
	lastDoc int64
	done    bool
}

// next returns the items of the next postings that are in the scope and
// have the other grams, newest first, or nil when the walk is over. Pages
// of postings double (from pageSize to 512) while the caller keeps asking, so a walk
// through many items the scope or the text rejects takes few round trips.
//
// A page is one statement: the gram's postings, newest first, from the
// index alone (a subquery with a LIMIT, which neither engine merges into
// the join), each joined to its item only when the item is in the scope
// and has the other grams. PostgreSQL plans a statement it has run five
// times for any argument, and such a plan does not know that a gram is
// common: given the join to filter, it started from the items in the
// scope and sorted them all (18 ms at city size against 0.5). Every
// posting comes back, joined or not, so the next page starts after the
// last one read. The page's size is in the text, not an argument, for the
// same reason (for LIMIT $n a plan assumes a tenth of the rows); see
// pageSize for how few texts that makes. The plan is the postings' index
// whatever the gram, so the statement is kept with qFixed: SQLite planning
// it again at every call with the gram bound was a fifth of a search's CPU.
func (w *postingWalk) next(ctx context.Context, want int) ([]searchCand, error) {
	for !w.done {
		page, err := w.page(ctx, min(pageSize(want, w.sure)<<min(w.pages, 4), 512))
		if err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		w.pages++
		if len(page) > 0 {
			return page, nil
		}
	}
	return nil, nil
}

func (w *postingWalk) page(ctx context.Context, size int) ([]searchCand, error) {
	var b strings.Builder
	b.WriteString(`SELECT p.doc, p.published_at, i.id, COALESCE(i.kind, ''), COALESCE(i.item_id, 0), COALESCE(i.region, ''),
		COALESCE(i.title, ''), COALESCE(i.body, '')
		FROM (SELECT doc, published_at FROM search_grams WHERE gram = ? AND in_title = ?`)
	args := []any{w.grams[0], w.inTitle}
	if w.pages > 0 {
		b.WriteString(` AND (published_at < ? OR published_at = ? AND doc < ?)`)
		args = append(args, w.lastAt, w.lastAt, w.lastDoc)
	}
	fmt.Fprintf(&b, ` ORDER BY published_at DESC, doc DESC LIMIT %d) p
		LEFT JOIN search_items i ON i.id = p.doc AND %s`, size, w.scope)
	args = append(args, w.scopeArgs...)
	for _, g := range w.grams[1:] {
		b.WriteString(` AND EXISTS (SELECT 1 FROM search_grams o WHERE o.gram = ? AND o.doc = p.doc)`)
		args = append(args, g)
	}
	b.WriteString(` ORDER BY p.published_at DESC, p.doc DESC`)

	var page []searchCand
	n := 0
	err := w.db.eachRow(ctx, w.db.reader(ctx), w.db.qFixed(b.String()), args, func(scan func(...any) error) error {
		var c searchCand
		var joined sql.NullInt64
		if err := scan(&c.doc, &c.published, &joined, &c.kind, &c.itemID, &c.region, &c.title, &c.body); err != nil {
			return err
		}
		n++
		w.lastAt, w.lastDoc = c.published, c.doc
		if joined.Valid {
			page = append(page, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n < size {
		w.done = true
	}
	return page, nil
}

// pageSize is the first page's size for want rows: want and a few more
// (items the text will not confirm), up to the next multiple of 8, so a
// page of twenty reads 24 postings and their texts, not 32; the sizes a
// walk can put in its texts stay few (13 first pages up to SearchLimit,
// each doubled at most four times). When sure, no item can fail the text,
// and only the scope may turn some away: want up to a multiple of 4 (25
// first pages). The four spare rows of a page of twenty were a tenth of
// the statement's time on PostgreSQL (0.203 -> 0.185 ms, 0.167 -> 0.146).
func pageSize(want int, sure bool) int {
	if sure {
		return max(4, (want+3)/4*4)
	}
	return max(8, (want+4+7)/8*8)
}

// sureOfText reports whether every item holding grams holds terms too:
// one term of Han characters that is itself the only gram. Normalising
// leaves Han characters as they are, rune for rune, so a title or text
// whose normalised form holds the gram holds the term as written.
func sureOfText(terms, grams []string) bool {
	return len(terms) == 1 && len(grams) == 1 && grams[0] == terms[0] && shuangbai.ExactTerms(terms)
}

// rarestFirst orders a query's grams by how many items hold each, the
// fewest first: the walk reads the postings of the first and checks the
// others item by item. A count stops at rarestCap postings, so it costs
// little for a common gram, and the grams that reach it keep their order.
func (db *DB) rarestFirst(ctx context.Context, grams []string) ([]string, error) {
	counts := make(map[string]int, len(grams))
	for _, g := range grams {
		var n int
		err := db.reader(ctx).QueryRowContext(ctx, db.qFixed(fmt.Sprintf(
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

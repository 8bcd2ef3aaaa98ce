package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"shuangbai"
)

// IndexItem puts a published item in the search index, or replaces what
// the index holds for it (kind, id). The briefing calls it when an issue or
// a news item is published; store code with a transaction open calls
// indexItem so the item and its index commit together.
func (db *DB) IndexItem(ctx context.Context, it shuangbai.SearchItem) error {
	return db.IndexItems(ctx, []shuangbai.SearchItem{it})
}

// IndexItems indexes many items in one transaction: a rebuild of the index,
// the generator's load.
func (db *DB) IndexItems(ctx context.Context, items []shuangbai.SearchItem) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, it := range items {
			if err := db.indexItem(ctx, tx, it); err != nil {
				return err
			}
		}
		return nil
	})
}

func (db *DB) indexItem(ctx context.Context, q querier, it shuangbai.SearchItem) error {
	if it.Kind == "" || it.ID == 0 || it.Region == "" {
		return shuangbai.Errorf(shuangbai.EINVALID, "检索条目缺少类别、编号或地区")
	}
	var doc int64
	err := q.QueryRowContext(ctx, db.q(`SELECT id FROM search_items WHERE kind = ? AND item_id = ?`), it.Kind, it.ID).Scan(&doc)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = q.QueryRowContext(ctx, db.q(`INSERT INTO search_items (kind, item_id, region, title, body, published_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), it.Kind, it.ID, it.Region, it.Title, it.Body, it.Published.UTC()).Scan(&doc)
	case err == nil:
		if _, err = q.ExecContext(ctx, db.q(`UPDATE search_items SET region = ?, title = ?, body = ?, published_at = ? WHERE id = ?`),
			it.Region, it.Title, it.Body, it.Published.UTC(), doc); err == nil {
			_, err = q.ExecContext(ctx, db.q(`DELETE FROM search_grams WHERE doc = ?`), doc)
		}
	}
	if err != nil {
		return mapError(err)
	}
	// The title and the text are indexed together; the newline between
	// them keeps a pair of the title's last and the text's first character
	// out of the index. A posting carries the item's time and whether the
	// title holds its gram, the order and the split a search walks in. The
	// title holds "abc" when it reads ＡＢＣＡＢＣ, whose own gram is
	// abcabc: a search for abc ranks it with the title hits.
	title := shuangbai.Normalize(it.Title)
	at := it.Published.UTC()
	grams := shuangbai.Grams(it.Title + "\n" + it.Body)
	for len(grams) > 0 {
		n := min(len(grams), 250)
		args := make([]any, 0, 4*n)
		for _, g := range grams[:n] {
			t := 0
			if strings.Contains(title, g) {
				t = 1
			}
			args = append(args, g, doc, t, at)
		}
		if _, err := q.ExecContext(ctx, db.q(`INSERT INTO search_grams (gram, doc, in_title, published_at) VALUES `+
			strings.Repeat("(?, ?, ?, ?), ", n-1)+`(?, ?, ?, ?)`), args...); err != nil {
			return mapError(err)
		}
		grams = grams[n:]
	}
	return nil
}

// RemoveItem takes an item out of the index (it was withdrawn); an item
// that is not there is no error.
func (db *DB) RemoveItem(ctx context.Context, kind string, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM search_grams WHERE doc IN (SELECT id FROM search_items WHERE kind = ? AND item_id = ?)`), kind, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(`DELETE FROM search_items WHERE kind = ? AND item_id = ?`), kind, id)
		return err
	})
}

// SearchLimit caps the results of one search.
const SearchLimit = 100

// Search finds the indexed items visible in sc that contain every term of
// q. Items whose title holds the terms come first, then the rest, each
// newest first. An item is visible to a user whose scope covers its
// region, and to everyone inside its region: a briefing published for the
// city is read in every town.
//
// The read walks the postings of the query's rarest gram newest first —
// first those whose gram is in the title, then the others — with the
// other grams and the scope checked by the engine, and confirms each item
// against its text here (grams apart are not the words searched for). It
// stops as soon as the page is full, so a common word (老人, in 70% of the
// items) costs what its page costs at any size of the index; a rare one
// costs its few postings.
func (db *DB) Search(ctx context.Context, sc shuangbai.Scope, q string, limit int) ([]shuangbai.SearchHit, error) {
	terms, err := shuangbai.ParseQuery(q)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > SearchLimit {
		limit = 20
	}
	if sc.Empty() {
		return nil, nil
	}
	grams := shuangbai.QueryGrams(terms)
	if len(grams) == 0 {
		return nil, nil // punctuation only: nothing is indexed under it
	}
	if len(grams) > 1 {
		if grams, err = db.rarestFirst(ctx, grams); err != nil {
			return nil, err
		}
	}
	// The scope is a code's prefix, which no index holds, so that no plan
	// starts from the items in the scope: a PostgreSQL plan made for any
	// argument guesses a region range holds a few dozen items and read all
	// 5,300 of a city's to join them to a page of twenty postings.
	scopeSQL, scopeArgs := "1 = 1", []any(nil)
	if !sc.All {
		scopeSQL, scopeArgs = fmt.Sprintf("substr(i.region, 1, %d) = ?", len(sc.Code)), []any{sc.Code}
	}
	if up := ancestors(sc); len(up) > 0 {
		scopeSQL = "(" + scopeSQL + " OR i.region IN (" + placeholders(len(up)) + "))"
		scopeArgs = append(scopeArgs, up...)
	}
	sure := sureOfText(terms, grams)
	walk := func(inTitle int) *postingWalk {
		return &postingWalk{db: db, grams: grams, inTitle: inTitle, scope: scopeSQL, scopeArgs: scopeArgs, sure: sure}
	}

	// The title hits, newest first, until the page is full. An item walked
	// here whose title lacks the terms (its grams are in the title apart,
	// or a term is only in the text) may still be a hit of the text: the
	// newest limit of those are kept for the second walk.
	var out []shuangbai.SearchHit
	var held []searchCand
	titled := walk(1)
	for len(out) < limit {
		page, err := titled.next(ctx, limit-len(out))
		if err != nil {
			return nil, err
		}
		if page == nil {
			break
		}
		for _, c := range page {
			switch {
			case shuangbai.Contains(c.title, terms):
				out = append(out, c.hit(terms))
			case len(held) < limit && shuangbai.Contains(c.title+"\n"+c.body, terms):
				held = append(held, c)
			}
			if len(out) == limit {
				return out, nil
			}
		}
	}

	// Then the hits of the text alone, newest first: the items whose gram
	// is only in the text, merged with those held from the first walk.
	rest := walk(0)
	for len(out) < limit {
		page, err := rest.next(ctx, limit-len(out))
		if err != nil {
			return nil, err
		}
		if page == nil {
			break
		}
		for _, c := range page {
			if !shuangbai.Contains(c.title+"\n"+c.body, terms) {
				continue
			}
			for len(held) > 0 && len(out) < limit && held[0].newer(c) {
				out, held = append(out, held[0].hit(terms)), held[1:]
			}
			if len(out) < limit {
				out = append(out, c.hit(terms))
			}
		}
	}
	for len(held) > 0 && len(out) < limit {
		out, held = append(out, held[0].hit(terms)), held[1:]
	}
	return out, nil
}

// ancestors are the codes above sc's region: the regions whose published
// items everyone in sc reads.
func ancestors(sc shuangbai.Scope) []any {
	if sc.All {
		return nil
	}
	var out []any
	for i := 1; i < len(sc.Code); i++ {
		out = append(out, sc.Code[:i])
	}
	return out
}

package store

import (
	"context"
	"database/sql"
	"errors"
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
	// out of the index.
	grams := shuangbai.Grams(it.Title + "\n" + it.Body)
	for len(grams) > 0 {
		n := min(len(grams), 400)
		args := make([]any, 0, 2*n)
		for _, g := range grams[:n] {
			args = append(args, g, doc)
		}
		if _, err := q.ExecContext(ctx, db.q(`INSERT INTO search_grams (gram, doc) VALUES `+strings.Repeat("(?, ?), ", n-1)+`(?, ?)`), args...); err != nil {
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
// q: the items having all of the query's grams (intersected in the index),
// each confirmed against its text. Items whose title holds the terms come
// first, then the newest. An item is visible to a user whose scope covers
// its region, and to everyone inside its region: a briefing published for
// the city is read in every town.
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
	var w where
	sub, args := inScope("region", sc)
	if up := ancestors(sc); len(up) > 0 {
		sub = "(" + sub + " OR region IN (" + placeholders(len(up)) + "))"
		args = append(args, up...)
	}
	w.add(sub, args...)
	inter := make([]string, len(grams))
	for i, g := range grams {
		inter[i] = `SELECT doc FROM search_grams WHERE gram = ?`
		w.args = append(w.args, g)
	}
	w.conds = append(w.conds, "id IN ("+strings.Join(inter, " INTERSECT ")+")")

	type cand struct {
		doc   int64
		hit   shuangbai.SearchHit
		title string
	}
	// The candidates come newest first. An item whose title holds every
	// term ranks above every other, so once limit of them are read nothing
	// later can displace them and the read stops: a common word (老人 in a
	// city's 5,000 items has 3,700 candidates, 700 of them in the title)
	// reads about a hundred rows, not every candidate with its time parsed
	// and sorted here. Fewer title hits than limit read them all: the
	// title hits, then the rest, each newest first.
	var firsts, rest []*cand
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT id, kind, item_id, region, title, published_at FROM search_items WHERE `+
		w.String()+` ORDER BY published_at DESC, id DESC`), w.args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		c := &cand{}
		if err := rows.Scan(&c.doc, &c.hit.Kind, &c.hit.ID, &c.hit.Region, &c.title, &c.hit.Published); err != nil {
			rows.Close()
			return nil, err
		}
		if !shuangbai.Contains(c.title, terms) {
			rest = append(rest, c)
			continue
		}
		if firsts = append(firsts, c); len(firsts) == limit {
			break
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cands := firsts
	if len(firsts) < limit {
		cands = append(cands, rest...)
	}
	// Confirm in rank order, reading texts a batch at a time, until enough.
	var out []shuangbai.SearchHit
	for start := 0; start < len(cands) && len(out) < limit; {
		batch := cands[start:min(len(cands), start+2*limit)]
		start += len(batch)
		ids := make([]any, len(batch))
		for i, c := range batch {
			ids[i] = c.doc
		}
		bodies := make(map[int64]string, len(batch))
		err := db.eachRow(ctx, db.reader(ctx), `SELECT id, body FROM search_items WHERE id IN (`+placeholders(len(ids))+`)`, ids,
			func(scan func(...any) error) error {
				var id int64
				var body string
				if err := scan(&id, &body); err != nil {
					return err
				}
				bodies[id] = body
				return nil
			})
		if err != nil {
			return nil, err
		}
		for _, c := range batch {
			body := bodies[c.doc]
			if !shuangbai.Contains(c.title+"\n"+body, terms) {
				continue // the grams are there, apart: not the words searched for
			}
			c.hit.Title = shuangbai.Highlight(c.title, terms)
			c.hit.Snippet = shuangbai.Snippet(body, terms, 80)
			out = append(out, c.hit)
			if len(out) == limit {
				break
			}
		}
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

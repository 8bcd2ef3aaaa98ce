package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"shuangbai"
)

// Lists of case files: a page of a filter's files in scope, the filter's
// condition, and its count.

// Beneficiaries returns one page of the files inside scope that match f,
// in (region, id) order with keyset paging: pass the last id as f.After for
// the next page. A search by ID number goes through its keyed hash; by name,
// through a prefix of the name.
func (db *DB) Beneficiaries(ctx context.Context, scope shuangbai.Scope, f shuangbai.BeneficiaryFilter) ([]*shuangbai.Beneficiary, error) {
	w, err := db.beneficiaryWhere(scope, f)
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	// A name search is ordered by name, so it walks the name index and stops
	// at the limit. Other lists go in (region, id) order, the order of the
	// region index, so a county's page is a range scan that stops at the
	// limit: ordered by id alone, the engine read every file of the county
	// and sorted them to return fifty. The cursor is an id; its region
	// makes the row-value bound.
	order := " ORDER BY b.region, b.id"
	if f.Name != "" {
		order = " ORDER BY b.name, b.id"
	}
	// A region's pages are the region index's range cut by the LIMIT
	// whatever the region, so their plan is kept (qFixed). A filtered list
	// is planned for its values, which choose between the indexes.
	plain := f == (shuangbai.BeneficiaryFilter{Open: f.Open, Region: f.Region, Limit: f.Limit, After: f.After})
	q := db.q
	if plain {
		q = db.qFixed
	}
	if f.After != 0 {
		var region string
		err := db.reader(ctx).QueryRowContext(ctx, db.q("SELECT region FROM beneficiaries WHERE id = ?"), f.After).Scan(&region)
		switch {
		case err == sql.ErrNoRows:
			return nil, nil // the cursor's file is gone: nothing follows it
		case err != nil:
			return nil, fmt.Errorf("store: beneficiaries cursor: %w", err)
		}
		if !plain {
			w.add("(b.region, b.id) > (?, ?)", region, f.After)
		} else {
			var more bool
			if w, more, err = db.pageAfter(scope, f, region); err != nil || !more {
				return nil, err
			}
		}
	}
	rows, err := db.reader(ctx).QueryContext(ctx, q("SELECT "+beneficiaryColumns+", "+db.groupsColumn()+" FROM beneficiaries b WHERE "+w.String()+order+" LIMIT "+strconv.Itoa(limit)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: beneficiaries: %w", err)
	}
	defer rows.Close()
	var out []*shuangbai.Beneficiary
	for rows.Next() {
		var groups sql.NullString
		b, err := db.scanBeneficiary(rows, &groups)
		if err != nil {
			return nil, err
		}
		setGroups(b, groups)
		out = append(out, b)
	}
	return out, rows.Err()
}

// pageAfter is the condition of a region's page after the file whose id
// is f.After and whose region is region, for a list that filters on
// nothing but the region and open. The page starts at the cursor's region
// (or the range's start, if later), written as the range's lower bound;
// the files of that region up to the cursor are a filter on the way. A
// row value, (b.region, b.id) > (?, ?), bounds the index in one term, but
// only planned with its values: with qFixed's "+?" in it SQLite read the
// region from its start (page 100 of a county 1.4 → 3 ms), and planned
// with them it was planned again at every call, a seventh of a page's
// CPU. more is false when nothing in scope can follow the cursor.
func (db *DB) pageAfter(scope shuangbai.Scope, f shuangbai.BeneficiaryFilter, region string) (w where, more bool, err error) {
	lo, hi, ok := regionRange(scope, f.Region)
	lo = max(lo, region)
	if !ok || hi != "" && lo >= hi {
		return w, false, nil
	}
	if w, err = db.beneficiaryWhere(shuangbai.Scope{All: true}, shuangbai.BeneficiaryFilter{Open: f.Open}); err != nil {
		return w, false, err
	}
	w.add("b.region >= ?", lo)
	if hi != "" {
		w.add("b.region < ?", hi)
	}
	w.add("(b.region > ? OR b.id > ?)", region, f.After)
	return w, true, nil
}

// regionRange is the range of region codes in scope and, when set, under
// region: lo inclusive, hi exclusive or "" for no end. ok is false when
// they hold none.
func regionRange(scope shuangbai.Scope, region string) (lo, hi string, ok bool) {
	switch {
	case scope.All:
	case scope.Code == "":
		return "", "", false
	default:
		lo, hi = scope.Range()
	}
	if region != "" {
		rlo, rhi := shuangbai.Scope{Code: region}.Range()
		lo = max(lo, rlo)
		if hi == "" || rhi != "" && rhi < hi {
			hi = rhi
		}
	}
	return lo, hi, hi == "" || lo < hi
}

// beneficiaryWhere is the condition of the files inside scope that f
// selects, paging aside.
func (db *DB) beneficiaryWhere(scope shuangbai.Scope, f shuangbai.BeneficiaryFilter) (where, error) {
	var w where
	w.scope("b.region", scope)
	if f.Region != "" {
		w.scope("b.region", shuangbai.Scope{Code: f.Region})
	}
	if f.IDNumber != "" {
		if db.box == nil {
			return w, errNoKey
		}
		w.add("b.id_number_hash = ?", db.box.Hash(strings.ToUpper(strings.TrimSpace(f.IDNumber))))
	}
	if f.Name != "" {
		w.add("b.name >= ? AND b.name < ?", f.Name, f.Name+"\U0010FFFF")
	}
	if f.Group != "" {
		w.add("EXISTS (SELECT 1 FROM beneficiary_groups g WHERE g.beneficiary_id = b.id AND g.grp = ?)", string(f.Group))
	}
	if f.WorkerID != 0 {
		w.add("b.worker_id = ?", f.WorkerID)
	}
	// Open or closed is written into the text, not passed: PostgreSQL plans
	// a statement pgx keeps prepared generically after its fifth run, and
	// with "b.open = $3" the generic plan guessed 25 files for any region
	// range, so a county's page of fifty read and sorted all its 10,000
	// open files (8 ms, against 0.3 ms walking the region index). With the
	// value in the text it goes on planning each range.
	switch {
	case f.Open == nil:
	case *f.Open:
		w.add("b.open = TRUE")
	default:
		w.add("b.open = FALSE")
	}
	if f.Level != 0 {
		w.add("b.level = ?", int(f.Level))
	}
	return w, nil
}

// CountBeneficiaries counts the files inside scope that f selects (f.After
// and f.Limit aside), up to most+1: a list says "共 N 人" without counting
// a whole province's files to say it.
func (db *DB) CountBeneficiaries(ctx context.Context, scope shuangbai.Scope, f shuangbai.BeneficiaryFilter, most int) (int, error) {
	w, err := db.beneficiaryWhere(scope, f)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.reader(ctx).QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM (SELECT 1 FROM beneficiaries b WHERE "+w.String()+" LIMIT "+strconv.Itoa(most+1)+") c"), w.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count beneficiaries: %w", err)
	}
	return n, nil
}

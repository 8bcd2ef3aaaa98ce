package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// ChainBreak is the first entry of a log whose link does not hold: its hash
// does not match its fields, or it does not point at the entry before it.
// ID 0 means the log's end: entries were removed after the last one that
// holds, or the head does not match.
type ChainBreak struct {
	Log      string // audit_log or access_log
	ID       int64
	At       time.Time
	Username string
	Action   string
	Problem  string // in Chinese, for the operator
}

// ChainReport is the result of walking both logs.
type ChainReport struct {
	Entries map[string]int64 // entries checked, by log
	Breaks  []ChainBreak     // at most one per log: the first
	// Ends are where each unbroken walk ended, for VerifyChainsAfter.
	Ends map[string]ChainEnd
}

// ChainEnd is the last entry a walk of a log checked, and the entries it
// counted up to it.
type ChainEnd struct {
	ID, Entries int64
	Hash        string
}

// chainRow is one entry as the walk reads it.
type chainRow struct {
	id         int64
	at         time.Time
	username   string
	action     string
	fields     []string
	prev, hash string
}

// VerifyChains walks the audit and access logs from their first entries and
// reports the first broken link of each. It reads in pages, so a log of
// millions of entries takes memory for one page only.
func (db *DB) VerifyChains(ctx context.Context) (*ChainReport, error) {
	return db.VerifyChainsAfter(ctx, nil)
}

// VerifyChainsAfter walks each log on from where an earlier report's walk
// ended (from the start with nil, or for a log the report broke on), so a
// caller that checks after every write — the fuzz test of the request
// bodies — reads only the entries written since. The entries before the
// end are taken as checked: a change to them shows only in a full walk.
//
// The head and the entries are read in one snapshot: read apart, a write
// committed between the two (a roster import finishing in the background)
// showed as entries past the head — a false alarm of tampering.
func (db *DB) VerifyChainsAfter(ctx context.Context, earlier *ChainReport) (*ChainReport, error) {
	tx, err := db.snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: verify chains: %w", err)
	}
	defer tx.Rollback()
	rep := &ChainReport{Entries: map[string]int64{}, Ends: map[string]ChainEnd{}}
	for _, name := range []string{chainAudit, chainAccess} {
		var head string
		var entries int64
		if err := tx.QueryRowContext(ctx, db.q(`SELECT head, entries FROM audit_chain WHERE name = ?`), name).Scan(&head, &entries); err != nil {
			return nil, fmt.Errorf("store: read %s chain: %w", name, err)
		}
		var end ChainEnd
		if earlier != nil {
			end = earlier.Ends[name]
		}
		prev, n, last := end.Hash, end.Entries, end.ID
		var broken *ChainBreak
		err := db.walkChain(ctx, tx, name, end.ID, func(r chainRow) bool {
			n++
			problem := ""
			switch {
			case r.prev != prev:
				problem = "与前一条记录的链接断开（前面有记录被删除、插入或修改）"
			case !strings.HasPrefix(r.hash, hashSHA256) && !strings.HasPrefix(r.hash, hashSM3):
				problem = "没有校验值"
			case entryHash(r.hash[:strings.Index(r.hash, ":")+1], r.prev, r.fields) != r.hash:
				problem = "内容与校验值不符（记录被修改）"
			}
			if problem != "" {
				broken = &ChainBreak{Log: name, ID: r.id, At: r.at, Username: r.username, Action: r.action, Problem: problem}
				return false
			}
			prev, last = r.hash, r.id
			return true
		})
		if err != nil {
			return nil, err
		}
		rep.Entries[name] = n
		if broken == nil && (prev != head || n != entries) {
			broken = &ChainBreak{Log: name, Problem: fmt.Sprintf("日志末尾与记录的链头不符（应有 %d 条，实有 %d 条）：最新的记录被删除或改动", entries, n)}
		}
		if broken != nil {
			rep.Breaks = append(rep.Breaks, *broken)
		} else {
			rep.Ends[name] = ChainEnd{ID: last, Entries: n, Hash: prev}
		}
	}
	return rep, nil
}

// walkChain calls fn with each entry of log after id from, in order, until
// fn returns false.
func (db *DB) walkChain(ctx context.Context, q querier, log string, from int64, fn func(chainRow) bool) error {
	const page = 2000
	for {
		rows, err := db.chainPage(ctx, q, log, from, page)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if !fn(r) {
				return nil
			}
			from = r.id
		}
		if len(rows) < page {
			return nil
		}
	}
}

func (db *DB) chainPage(ctx context.Context, q querier, log string, after int64, limit int) ([]chainRow, error) {
	query := `SELECT id, at, user_id, username, action, entity, entity_id, region, before, after, prev_hash, hash
		FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`
	if log == chainAccess {
		query = `SELECT id, at, user_id, username, action, beneficiary_id, applicant_id, region, reason, detail, prev_hash, hash
			FROM access_log WHERE id > ? ORDER BY id LIMIT ?`
	}
	rows, err := q.QueryContext(ctx, db.q(query), after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: read %s: %w", log, err)
	}
	defer rows.Close()
	var out []chainRow
	for rows.Next() {
		var r chainRow
		var uid int64
		if log == chainAccess {
			var bid, aid sql.NullInt64
			var region, reason, detail string
			if err := rows.Scan(&r.id, &r.at, &uid, &r.username, &r.action, &bid, &aid, &region, &reason, &detail, &r.prev, &r.hash); err != nil {
				return nil, err
			}
			r.fields = accessFields(r.at, uid, r.username, r.action, bid, aid, region, reason, detail)
		} else {
			var entity, eid, region, before, after string
			if err := rows.Scan(&r.id, &r.at, &uid, &r.username, &r.action, &entity, &eid, &region, &before, &after, &r.prev, &r.hash); err != nil {
				return nil, err
			}
			r.fields = auditFields(r.at, uid, r.username, r.action, entity, eid, region, before, after)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// sealChains hashes, once, the entries written before the logs were chains
// (a database upgraded to this version), so the chain starts at the first
// entry. It runs at start-up, before anything is served.
func (db *DB) sealChains(ctx context.Context) error {
	for _, name := range []string{chainAudit, chainAccess} {
		var sealed int
		if err := db.write.QueryRowContext(ctx, db.q(`SELECT sealed FROM audit_chain WHERE name = ?`), name).Scan(&sealed); err != nil {
			return fmt.Errorf("store: read %s chain: %w", name, err)
		}
		if sealed != 0 {
			continue
		}
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			c, err := db.lockChain(ctx, tx, name)
			if err != nil {
				return err
			}
			if c.head != "" || c.entries != 0 {
				return fmt.Errorf("store: %s chain has entries but is not sealed", name)
			}
			c.prefix = hashSHA256 // the box is not known yet at start-up
			for after := int64(0); ; {
				rows, err := db.chainPage(ctx, tx, name, after, 2000)
				if err != nil {
					return err
				}
				for _, r := range rows {
					prev, h := c.link(r.fields...)
					if _, err := tx.ExecContext(ctx, db.q(`UPDATE `+name+` SET prev_hash = ?, hash = ? WHERE id = ?`), prev, h, r.id); err != nil {
						return fmt.Errorf("store: seal %s: %w", name, err)
					}
					after = r.id
				}
				if len(rows) < 2000 {
					break
				}
			}
			if err := c.save(ctx, db, tx); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, db.q(`UPDATE audit_chain SET sealed = 1 WHERE name = ?`), name)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"shuangbai"
)

// gracesKey is the settings key of the escalation grace periods.
const gracesKey = "followup_graces"

// Graces returns the grace periods per level in force.
func (db *DB) Graces(ctx context.Context) (shuangbai.Graces, error) {
	gs := shuangbai.Graces{}
	found, err := db.setting(ctx, gracesKey, &gs)
	if err != nil || !found {
		return shuangbai.DefaultGraces, err
	}
	for l := shuangbai.Level4(1); l <= 4; l++ {
		gs[l] = gs.For(l)
	}
	return gs, nil
}

// SetGraces changes the grace periods; like the follow-up intervals, a
// city admin's.
func (db *DB) SetGraces(ctx context.Context, u *shuangbai.User, gs shuangbai.Graces) error {
	if u.Role != shuangbai.RoleCityAdmin && u.Role != shuangbai.RoleSystem {
		return forbidden()
	}
	if err := gs.Validate(); err != nil {
		return err
	}
	return db.saveSetting(ctx, u, gracesKey, gs)
}

// Escalation is a late visit as one tier sees it: the case, and every tier
// told so far with the day it was told.
type Escalation struct {
	Due
	Told []shuangbai.Told
}

// Escalations returns the open cases inside scope whose visit is late
// enough on day today for tier to have been told, the longest late first.
// Nothing is stored: the tiers told follow from each case's due day and
// the grace of its level, so a moving "today" moves them.
func (db *DB) Escalations(ctx context.Context, scope shuangbai.Scope, tier shuangbai.Tier, today shuangbai.Date, limit int) ([]Escalation, error) {
	gs, err := db.Graces(ctx)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	// A visit has reached tier once it is later than the tier's grace of
	// its level (a file's level is 1–4: Validate): the condition per level,
	// so that the query reads the escalated files and no others. It read
	// four times the limit late by the least grace and judged them here,
	// 800 rows for 200. The least grace still bounds the due day: without
	// it PostgreSQL read the whole table (38 ms instead of 4.7).
	var late []string
	var args []any
	least := -1
	for l := shuangbai.Level4(1); l <= 4; l++ {
		d := gs.For(l).Days(tier)
		late = append(late, "b.level = ? AND b.next_due < ?")
		args = append(args, int(l), today.AddDays(-d))
		if least < 0 || d < least {
			least = d
		}
	}
	var w where
	w.scope("b.region", scope)
	w.add("b.open = TRUE")
	w.add("b.next_due < ?", today.AddDays(-least))
	w.add("("+strings.Join(late, " OR ")+")", args...)
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT b.id, b.region, b.name, b.level, b.last_visit, b.next_due, COALESCE(b.worker_id, 0)
		FROM beneficiaries b WHERE `+w.String()+` ORDER BY b.next_due, b.id LIMIT `+strconv.Itoa(limit)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: escalations: %w", err)
	}
	defer rows.Close()
	var out []Escalation
	for rows.Next() {
		var e Escalation
		if err := rows.Scan(&e.BeneficiaryID, &e.Region, &e.Name, (*int)(&e.Level), &e.LastVisit, &e.NextDue, &e.WorkerID); err != nil {
			return nil, err
		}
		e.Told = gs.For(e.Level).Escalate(e.NextDue, today)
		if len(e.Told) > int(tier) && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, rows.Err()
}

// OverduePoint is how many cases a group (a worker, a station) had open
// on a day, and how many of them were late.
type OverduePoint struct {
	On shuangbai.Date
	OverdueCount
}

// OverdueHistory counts, for each day in days (month ends, say), per
// station (town) or per worker, the cases open that day inside scope and
// those whose visit was late: the county's view of follow-up over time. It
// reads the visits as they were — the latest visit by the day sets the
// next due day — so a later visit does not rewrite an earlier month.
func (db *DB) OverdueHistory(ctx context.Context, scope shuangbai.Scope, byWorker bool, days []shuangbai.Date) ([]OverduePoint, error) {
	key := "SUBSTR(b.region, 1, 9)"
	if byWorker {
		key = "COALESCE(b.worker_id, 0)"
	}
	var out []OverduePoint
	for _, d := range days {
		var w where
		w.scope("b.region", scope)
		w.add("(b.found_on IS NULL OR b.found_on <= ?)", d)
		w.add("(b.open = TRUE OR b.closed_on > ?)", d)
		due := `COALESCE((SELECT v.next_due FROM visits v WHERE v.beneficiary_id = b.id AND v.visited_on <= ?
			ORDER BY v.visited_on DESC, v.id DESC LIMIT 1), b.found_on)`
		rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT `+key+`, COUNT(*), SUM(CASE WHEN `+due+` < ? THEN 1 ELSE 0 END)
			FROM beneficiaries b WHERE `+w.String()+` GROUP BY 1 ORDER BY 1`), append([]any{d, d}, w.args...)...)
		if err != nil {
			return nil, fmt.Errorf("store: overdue history: %w", err)
		}
		for rows.Next() {
			p := OverduePoint{On: d}
			if err := rows.Scan(&p.Key, &p.Open, &p.Overdue); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

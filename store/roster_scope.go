package store

import (
	"context"
	"fmt"
	"strings"

	"shuangbai"
)

// What a register may name, inside the importing user's scope: the
// villages people are filed in, and the staff responsible for them.

// RosterVillages returns the current villages and communities inside scope,
// code → name: where a user may file people.
func (db *DB) RosterVillages(ctx context.Context, scope shuangbai.Scope) (map[string]string, error) {
	var w where
	w.add("level = ?", int(shuangbai.LevelVillage))
	w.add("valid_to IS NULL")
	w.scope("code", scope)
	out := map[string]string{}
	err := db.eachRow(ctx, db.read, "SELECT code, name FROM regions WHERE "+w.String(), w.args, func(sc func(...any) error) error {
		var code, name string
		if err := sc(&code, &name); err != nil {
			return err
		}
		out[code] = name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: roster villages: %w", err)
	}
	return out, nil
}

// rosterWorkers returns which of the responsible workers the rows name are
// staff inside scope.
func (db *DB) rosterWorkers(ctx context.Context, q querier, scope shuangbai.Scope, rows []RosterRow) (map[int64]bool, error) {
	seen, out := map[int64]bool{}, map[int64]bool{}
	var ids []any
	for _, r := range rows {
		if id := r.Person.WorkerID; id != 0 && !r.Invalid && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	err := inBatches(ids, func(batch []any) error {
		var w where
		w.add("id IN (?"+strings.Repeat(", ?", len(batch)-1)+")", batch...)
		w.scope("region", scope)
		return db.eachRow(ctx, q, "SELECT id FROM people WHERE "+w.String(), w.args, func(sc func(...any) error) error {
			var id int64
			if err := sc(&id); err != nil {
				return err
			}
			out[id] = true
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: roster workers: %w", err)
	}
	return out, nil
}

// RosterStaff returns the staff inside scope that a register may name as
// responsible worker (责任社工): name → id and region of each person of that
// name.
func (db *DB) RosterStaff(ctx context.Context, scope shuangbai.Scope) (map[string][]RosterStaffMember, error) {
	var w where
	w.scope("region", scope)
	out := map[string][]RosterStaffMember{}
	err := db.eachRow(ctx, db.read, "SELECT id, name, region FROM people WHERE "+w.String()+" ORDER BY id", w.args, func(sc func(...any) error) error {
		var m RosterStaffMember
		var name string
		if err := sc(&m.ID, &name, &m.Region); err != nil {
			return err
		}
		out[name] = append(out[name], m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: roster staff: %w", err)
	}
	return out, nil
}

// RosterStaffMember is a member of staff a register may name.
type RosterStaffMember struct {
	ID     int64
	Region string
}

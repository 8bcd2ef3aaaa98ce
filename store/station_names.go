package store

import (
	"context"
	"fmt"

	"shuangbai"
)

// StationNames returns the names of the stations with the given ids that
// lie inside scope: a list naming the stations of its rows (a campaign's
// posts) reads just those, however many stations the scope holds.
func (db *DB) StationNames(ctx context.Context, scope shuangbai.Scope, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	var args []any
	seen := map[int64]bool{}
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	err := inBatches(args, func(batch []any) error {
		var w where
		w.add("s.id IN ("+placeholders(len(batch))+")", batch...)
		w.scope("s.region", scope)
		return db.eachRow(ctx, db.read, "SELECT s.id, s.name FROM stations s WHERE "+w.String(), w.args, func(scan func(...any) error) error {
			var id int64
			var name string
			if err := scan(&id, &name); err != nil {
				return err
			}
			out[id] = name
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: station names: %w", err)
	}
	return out, nil
}

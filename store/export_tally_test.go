package store

import (
	"context"
	"strings"
)

// BackfillTalliesForTest empties the summary tables and runs migrations
// 0030's, 0036's and 0037's INSERTs again, as on a database that had records before it.
func (db *DB) BackfillTalliesForTest(ctx context.Context) error {
	ms, err := db.dialect.migrations()
	if err != nil {
		return err
	}
	for _, t := range tallyRecounts {
		if _, err := db.write.ExecContext(ctx, "DELETE FROM "+t.table); err != nil {
			return err
		}
	}
	for _, m := range ms {
		if m.version != 30 && m.version != 36 && m.version != 37 {
			continue
		}
		for _, stmt := range strings.Split(m.sql, ";") {
			if i := strings.Index(stmt, "INSERT INTO"); i >= 0 {
				if _, err := db.write.ExecContext(ctx, stmt[i:]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

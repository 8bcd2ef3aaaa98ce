package store

import (
	"context"
	"fmt"
	"sync"

	"shuangbai"
)

// The progress table of a province reads every site, assignment and fact
// of the province (~100 ms) and is asked for far more often than its
// inputs change. Computed tables are kept under the data version they were
// computed at; every write to an input table bumps the version by trigger
// (migration 0032), in the writing transaction, so a table is served again
// only while nothing it counts has changed — on every server process that
// shares the database, since the version lives in it.

// progressCacheSize bounds the tables kept: a table per region and day
// asked for, a few KB each.
const progressCacheSize = 256

type progressCache struct {
	mu      sync.Mutex
	version int64
	tables  map[string]*shuangbai.ProgressTable
}

// progressVersion reads the data version of the progress table's inputs.
func (db *DB) progressVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := db.reader(ctx).QueryRowContext(ctx, db.q("SELECT version FROM data_versions WHERE name = ?"), "progress").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: progress version: %w", err)
	}
	return v, nil
}

// cachedProgress returns the table under key computed at the current data
// version, computing it with compute when there is none. Callers get a copy
// whose rows they may change.
func (db *DB) cachedProgress(ctx context.Context, key string, compute func() (*shuangbai.ProgressTable, error)) (*shuangbai.ProgressTable, error) {
	v, err := db.progressVersion(ctx)
	if err != nil {
		return nil, err
	}
	c := &db.progress
	c.mu.Lock()
	// Versions only grow; a reader that read an older one (its read began
	// before a commit) neither resets the cache nor uses it.
	if v > c.version {
		c.version, c.tables = v, nil
	}
	var t *shuangbai.ProgressTable
	if v == c.version {
		t = c.tables[key]
	}
	c.mu.Unlock()
	if t == nil {
		// Computed outside the lock: two first readers may both compute,
		// which is cheaper than making every reader wait for one.
		if t, err = compute(); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.version == v {
			if c.tables == nil || len(c.tables) >= progressCacheSize {
				c.tables = map[string]*shuangbai.ProgressTable{}
			}
			c.tables[key] = t
		}
		c.mu.Unlock()
	}
	out := *t
	out.Rows = append([]shuangbai.ProgressRow(nil), t.Rows...)
	return &out, nil
}

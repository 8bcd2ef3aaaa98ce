package store

import (
	"context"
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
	tables  map[string]any // a *shuangbai.ProgressTable, or another figure of the same inputs
	limit   int            // the most kept at once; 0: progressCacheSize
}

// progressVersion reads the data version of the progress table's inputs.
func (db *DB) progressVersion(ctx context.Context) (int64, error) {
	return db.dataVersion(ctx, "progress")
}

// cachedProgress returns the table under key computed at the current data
// version, computing it with compute when there is none. Callers get a copy
// whose rows they may change.
func (db *DB) cachedProgress(ctx context.Context, key string, compute func() (*shuangbai.ProgressTable, error)) (*shuangbai.ProgressTable, error) {
	v, err := db.progressVersion(ctx)
	if err != nil {
		return nil, err
	}
	t, err := cachedAt(&db.progress, v, key, compute)
	if err != nil {
		return nil, err
	}
	out := *t
	out.Rows = append([]shuangbai.ProgressRow(nil), t.Rows...)
	return &out, nil
}

// cachedAt returns what is kept under key at data version v (read by the
// caller with progressVersion), computing it with compute when there is
// none. What it returns is shared: callers copy what they change.
func cachedAt[T any](c *progressCache, v int64, key string, compute func() (T, error)) (T, error) {
	c.mu.Lock()
	// Versions only grow; a reader that read an older one (its read began
	// before a commit) neither resets the cache nor uses it.
	if v > c.version {
		c.version, c.tables = v, nil
	}
	var got any
	if v == c.version {
		got = c.tables[key]
	}
	c.mu.Unlock()
	if t, ok := got.(T); ok {
		return t, nil
	}
	// Computed outside the lock: two first readers may both compute,
	// which is cheaper than making every reader wait for one.
	t, err := compute()
	if err != nil {
		return t, err
	}
	c.mu.Lock()
	if c.version == v {
		limit := c.limit
		if limit == 0 {
			limit = progressCacheSize
		}
		if c.tables == nil {
			c.tables = map[string]any{}
		}
		// Full: one entry goes, not all of them.
		for k := range c.tables {
			if len(c.tables) < limit {
				break
			}
			delete(c.tables, k)
		}
		c.tables[key] = t
	}
	c.mu.Unlock()
	return t, nil
}

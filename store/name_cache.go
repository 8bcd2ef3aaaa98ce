package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"shuangbai"
)

// Lists label their rows with the names of their regions and workers:
// RegionNames and StaffNames were a query each on every list, a round trip
// apiece on PostgreSQL for a few dozen names that hardly ever change. They
// are kept like a token's user (session_cache.go): a write through this
// process that adds or renames a region or a member of staff clears them
// at once; another process's rename shows within DB.CacheTTL.

// nameCacheSize bounds the names kept of each kind: past it they start over.
const nameCacheSize = 50_000

type regionName struct {
	name  string // "" when there is no current region of the code
	found bool
	read  time.Time
}

type staffName struct {
	name   string
	region string // the person's, for the reader's scope
	found  bool
	read   time.Time
}

type nameCache struct {
	mu      sync.Mutex
	gen     uint64
	regions map[string]regionName
	staff   map[int64]staffName
}

func (c *nameCache) clear() {
	c.mu.Lock()
	c.gen++
	c.regions, c.staff = nil, nil
	c.mu.Unlock()
}

// namesChanged is called after every write that adds or renames regions or
// staff.
func (db *DB) namesChanged() { db.names.clear() }

// RegionNames returns the current names of the given codes, for labelling
// lists; codes not found are absent from the map.
func (db *DB) RegionNames(ctx context.Context, codes []string) (map[string]string, error) {
	out := make(map[string]string, len(codes))
	ttl := db.cacheTTL()
	c := &db.names
	var missing []any
	seen := map[string]bool{}
	c.mu.Lock()
	gen := c.gen
	for _, code := range codes {
		if seen[code] {
			continue
		}
		seen[code] = true
		if e, ok := c.regions[code]; ok && time.Since(e.read) < ttl {
			if e.found {
				out[code] = e.name
			}
			continue
		}
		missing = append(missing, code)
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	read := time.Now()
	found := map[string]string{}
	for args := missing; len(args) > 0; {
		n := min(len(args), 500)
		batch := args[:n]
		args = args[n:]
		err := db.eachRow(ctx, db.read, "SELECT code, name FROM regions WHERE valid_to IS NULL AND code IN (?"+strings.Repeat(", ?", len(batch)-1)+")", batch,
			func(scan func(...any) error) error {
				var code, name string
				if err := scan(&code, &name); err != nil {
					return err
				}
				found[code] = name
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("store: region names: %w", err)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	keep := ttl > 0 && gen == c.gen
	if keep && (c.regions == nil || len(c.regions)+len(missing) > nameCacheSize) {
		c.regions = map[string]regionName{}
	}
	for _, m := range missing {
		code := m.(string)
		name, ok := found[code]
		if ok {
			out[code] = name
		}
		if keep {
			c.regions[code] = regionName{name: name, found: ok, read: read}
		}
	}
	return out, nil
}

// StaffNames returns the names of the staff with the given ids inside
// scope. Ids outside scope are absent from the map.
func (db *DB) StaffNames(ctx context.Context, scope shuangbai.Scope, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	ttl := db.cacheTTL()
	c := &db.names
	var missing []any
	seen := map[int64]bool{}
	c.mu.Lock()
	gen := c.gen
	for _, id := range ids {
		if id == 0 || seen[id] {
			continue
		}
		seen[id] = true
		if e, ok := c.staff[id]; ok && time.Since(e.read) < ttl {
			if e.found && scope.Contains(e.region) {
				out[id] = e.name
			}
			continue
		}
		missing = append(missing, id)
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	// Read whatever the scope, so that what is kept serves every reader;
	// the scope is applied here, as inScope would (codes are digits).
	read := time.Now()
	found := map[int64]staffName{}
	for args := missing; len(args) > 0; {
		n := min(len(args), 500)
		batch := args[:n]
		args = args[n:]
		err := db.eachRow(ctx, db.read, "SELECT id, name, region FROM people WHERE id IN (?"+strings.Repeat(", ?", len(batch)-1)+")", batch,
			func(scan func(...any) error) error {
				var id int64
				e := staffName{found: true, read: read}
				if err := scan(&id, &e.name, &e.region); err != nil {
					return err
				}
				found[id] = e
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("store: staff names: %w", err)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	keep := ttl > 0 && gen == c.gen
	if keep && (c.staff == nil || len(c.staff)+len(missing) > nameCacheSize) {
		c.staff = map[int64]staffName{}
	}
	for _, m := range missing {
		id := m.(int64)
		e, ok := found[id]
		if ok && scope.Contains(e.region) {
			out[id] = e.name
		}
		if keep {
			if !ok {
				e = staffName{read: read}
			}
			c.staff[id] = e
		}
	}
	return out, nil
}

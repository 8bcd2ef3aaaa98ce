package store

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"shuangbai"
)

// Every request asks who its token belongs to: a join of sessions and users
// that was most of a small request's time (two thirds of GET /api/v1/me on
// PostgreSQL, a round trip each). A token's answer is kept for a few
// seconds instead.
//
// How stale it may be: a write through this process that ends sessions or
// changes an account (logout, revoke, disable, a password or role change,
// a second factor reset, an edit) clears the cache in the same call, so on
// one server it takes effect at once. Another server process sharing the
// database cannot clear ours: there a revoked token or disabled account
// keeps working for at most DB.CacheTTL (DefaultCacheTTL, 5 seconds)
// after the change. Expiry and the idle timeout are judged on
// every request from what is kept, and last_seen is still written once a
// minute: an entry whose last_seen is older than that goes to the database.

// DefaultCacheTTL is how long a token's user, a setting or a name is kept:
// the most a change made by another process sharing the database waits to
// apply.
const DefaultCacheTTL = 5 * time.Second

// sessionCacheSize bounds the tokens kept: past it the cache starts over.
const sessionCacheSize = 10_000

type sessionEntry struct {
	user    shuangbai.User
	kind    string
	expires time.Time // the session's
	seen    time.Time // its last_seen as stored
	read    time.Time // when it was read from the database (monotonic clock)
}

type sessionCache struct {
	mu      sync.Mutex
	gen     uint64 // bumped by clear: an answer read before it is not kept
	entries map[string]*sessionEntry
}

// get returns a copy of the user kept for the token's hash, if it may still
// be used at now (the store's clock) and ttl (on the monotonic clock).
func (c *sessionCache) get(hash, kind string, now time.Time, ttl, idle time.Duration) (*shuangbai.User, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[hash]
	if e == nil || e.kind != kind || time.Since(e.read) >= ttl || !now.Before(e.expires) {
		return nil, c.gen
	}
	// last_seen is written again past touchEvery, and the idle timeout
	// judged on it: both are the database path's.
	if age := now.Sub(e.seen); age > touchEvery || kind == SessionCookie && idle > 0 && age > idle {
		return nil, c.gen
	}
	u := e.user
	return &u, c.gen
}

// put keeps a user read from the database while gen is still current.
func (c *sessionCache) put(gen uint64, hash string, e *sessionEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.entries == nil || len(c.entries) >= sessionCacheSize {
		c.entries = map[string]*sessionEntry{}
	}
	c.entries[hash] = e
}

// clear forgets every token: called after each write that ends sessions or
// changes an account.
func (c *sessionCache) clear() {
	c.mu.Lock()
	c.gen++
	c.entries = nil
	c.mu.Unlock()
}

// cacheTTL is the TTL in force; a negative DB.CacheTTL turns
// the cache off.
func (db *DB) cacheTTL() time.Duration {
	if db.CacheTTL == 0 {
		return DefaultCacheTTL
	}
	return db.CacheTTL
}

// inAccountTx is inTx for a write that ends sessions or changes an
// account: once it is done, committed or not, the kept answers go.
func (db *DB) inAccountTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	defer db.accountsChanged()
	return db.inTx(ctx, fn)
}

// The settings (the password policy, the roles that need a second factor,
// the escalation graces) are read on every request too: the password
// policy decides whether the account must change its password first. They
// are kept like tokens: saveSetting clears them here at once, another
// process's change applies within the same TTL.

type settingEntry struct {
	value string // the stored JSON; "" when the setting is not stored
	read  time.Time
}

type settingCache struct {
	mu     sync.Mutex
	gen    uint64
	values map[string]settingEntry
}

func (c *settingCache) get(key string, ttl time.Duration) (string, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.values[key]
	if !ok || time.Since(e.read) >= ttl {
		return "", false, c.gen
	}
	return e.value, true, c.gen
}

func (c *settingCache) put(gen uint64, key string, e settingEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.values == nil {
		c.values = map[string]settingEntry{}
	}
	c.values[key] = e
}

func (c *settingCache) clear() {
	c.mu.Lock()
	c.gen++
	c.values = nil
	c.mu.Unlock()
}

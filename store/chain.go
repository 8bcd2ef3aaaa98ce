package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"shuangbai/secret"
)

// The audit and access logs are hash chains. An entry's hash covers its
// fields and the hash of the entry before it, so changing, removing or
// inserting an entry by hand breaks every link after it; the head and
// length kept in audit_chain catch the removal of the newest entries too.
// Writers lock the chain's row first (an UPDATE, which PostgreSQL holds
// until commit, and which SQLite's single writer serialises anyway), so two
// transactions never chain onto the same entry.

// Chains, by table.
const (
	chainAudit  = "audit_log"
	chainAccess = "access_log"
)

// hashPrefixes name the algorithm of a stored hash, so a chain can be
// verified whichever cipher the deployment used when it was written.
const (
	hashSHA256 = "sha256:"
	hashSM3    = "sm3:"
)

// chain is one log's head inside a write transaction.
type chain struct {
	name    string
	prefix  string
	head    string
	entries int64
	added   int64
}

// lockChain takes the chain's row for the rest of tx and returns its head.
// The hash is SM3 when the deployment seals with SM4, else SHA-256.
func (db *DB) lockChain(ctx context.Context, tx *sql.Tx, name string) (*chain, error) {
	c := &chain{name: name, prefix: hashSHA256}
	if db.box != nil && db.box.Algorithm() == secret.SM4GCM {
		c.prefix = hashSM3
	}
	err := tx.QueryRowContext(ctx, db.q(`UPDATE audit_chain SET entries = entries WHERE name = ? RETURNING head, entries`), name).
		Scan(&c.head, &c.entries)
	if err != nil {
		return nil, fmt.Errorf("store: lock %s chain: %w", name, err)
	}
	return c, nil
}

// link returns the previous hash and the hash of a new entry with fields.
func (c *chain) link(fields ...string) (prev, h string) {
	prev = c.head
	c.head = entryHash(c.prefix, prev, fields)
	c.added++
	return prev, c.head
}

// save stores the chain's new head and length.
func (c *chain) save(ctx context.Context, db *DB, tx *sql.Tx) error {
	if c.added == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, db.q(`UPDATE audit_chain SET head = ?, entries = entries + ? WHERE name = ?`), c.head, c.added, c.name)
	if err != nil {
		return fmt.Errorf("store: save %s chain: %w", c.name, err)
	}
	return nil
}

// entryHash hashes prev and fields, each prefixed by its length so that no
// two different entries write the same bytes.
func entryHash(prefix, prev string, fields []string) string {
	var h hash.Hash
	if prefix == hashSM3 {
		h = sm3.New()
	} else {
		h = sha256.New()
	}
	for _, f := range append([]string{prev}, fields...) {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return prefix + hex.EncodeToString(h.Sum(nil))
}

// chainTime writes a timestamp as the chain hashes it: UTC, to the
// microsecond, as both engines keep it.
func chainTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z")
}

// auditFields are the fields of an audit entry its hash covers.
func auditFields(at time.Time, userID int64, username, action, entity, entityID, region, before, after string) []string {
	return []string{chainTime(at), strconv.FormatInt(userID, 10), username, action, entity, entityID, region, before, after}
}

// accessFields are the fields of an access entry its hash covers. An
// entry about an application (recruitment) covers its id as one more
// field; entries without one hash as they did before applications existed.
func accessFields(at time.Time, userID int64, username, action string, beneficiaryID, applicantID sql.NullInt64, region, reason, detail string) []string {
	b := ""
	if beneficiaryID.Valid {
		b = strconv.FormatInt(beneficiaryID.Int64, 10)
	}
	fields := []string{chainTime(at), strconv.FormatInt(userID, 10), username, action, b, region, reason, detail}
	if applicantID.Valid {
		fields = append(fields, "applicant:"+strconv.FormatInt(applicantID.Int64, 10))
	}
	return fields
}

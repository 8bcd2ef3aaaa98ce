package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shuangbai"
)

// ValidIdempotencyKey reports whether s is a key as phones make them: a
// UUID in its canonical 8-4-4-4-12 lower- or upper-case hex form. Anything
// else is refused before it reaches the table.
func ValidIdempotencyKey(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// RecordVisitOnce records a visit a phone queued offline under its
// client-made key. The first request records it; a replay of the same
// request by the same account returns that visit in v, with replayed true,
// and records nothing. A key used by another account, or sent again with
// other content (digest: the caller's hash of the request), is refused:
// its first answer is not the caller's to read. A refusal (a visit dated in
// the future, a closed or transferred case) stores no key, so the phone
// may send the same visit again once it is put right.
//
// Offline capture is for the social worker's own cases only: the case
// must name her (u.PersonID) as its responsible worker at the time the
// visit arrives, and be open.
func (db *DB) RecordVisitOnce(ctx context.Context, u *shuangbai.User, key, digest string, v *shuangbai.Visit) (replayed bool, err error) {
	if !u.CanEditCases() {
		return false, forbidden()
	}
	if !ValidIdempotencyKey(key) {
		return false, shuangbai.Errorf(shuangbai.EBADREQUEST, "请求编号（Idempotency-Key）应为 UUID")
	}
	key = strings.ToLower(key)
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var userID, recordID int64
		var seenDigest, kind string
		err := tx.QueryRowContext(ctx, db.q("SELECT user_id, digest, kind, record_id FROM idempotency_keys WHERE idem_key = ?"), key).
			Scan(&userID, &seenDigest, &kind, &recordID)
		switch {
		case err == nil && userID != u.ID:
			return shuangbai.Errorf(shuangbai.EFORBIDDEN, "该请求编号属于其他账号，已拒绝")
		case err == nil && (kind != "visit" || seenDigest != digest):
			return shuangbai.Errorf(shuangbai.ECONFLICT, "该请求编号已用于内容不同的请求，已拒绝（请求可能被篡改）")
		case err == nil:
			got, err := db.visitByID(ctx, tx, u.Scope(), recordID)
			if err != nil {
				return err
			}
			*v, replayed = *got, true
			return nil
		case err != sql.ErrNoRows:
			return fmt.Errorf("store: idempotency key: %w", err)
		}
		b, err := db.visitedCase(ctx, tx, u, v)
		if err != nil {
			return err
		}
		if err := ownOpenCase(u, b); err != nil {
			return err
		}
		if err := db.insertVisit(ctx, tx, u, b, v); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q("INSERT INTO idempotency_keys (idem_key, user_id, digest, kind, record_id, created_at) VALUES (?, ?, ?, ?, ?, ?)"),
			key, u.ID, digest, "visit", v.ID, db.now()); err != nil {
			// Two copies of one request at once: the other one won; the
			// phone's next try gets its answer.
			return fmt.Errorf("store: idempotency key: %w", mapError(err))
		}
		return nil
	})
	return replayed, err
}

// ownOpenCase refuses a visit a phone queued for a case that is no longer
// the worker's or no longer open, with a reason she can act on: the case
// changed on the server while she was offline.
func ownOpenCase(u *shuangbai.User, b *shuangbai.Beneficiary) error {
	if u.PersonID == 0 || b.WorkerID != u.PersonID {
		return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "该个案现在不由您负责（可能已转给其他社工），探访未登记，请与站长核对",
			Fields: map[string]string{"beneficiary": "transferred"}}
	}
	if !b.Open {
		return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "该个案已于" + b.ClosedOn.Chinese() + "结案（" + b.ClosedWhy + "），探访未登记；如仍需服务，请站长重新开案",
			Fields: map[string]string{"beneficiary": "closed"}}
	}
	return nil
}

// visitByID reads one visit inside scope.
func (db *DB) visitByID(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.Visit, error) {
	var w where
	w.add("v.id = ?", id)
	w.scope("v.region", scope)
	var v shuangbai.Visit
	var services string
	err := q.QueryRowContext(ctx, db.q(`SELECT v.id, v.beneficiary_id, v.region, v.visited_on, v.kind, v.findings, v.services, v.next_due, v.recorded_by, v.created_at
		FROM visits v WHERE `+w.String()), w.args...).
		Scan(&v.ID, &v.BeneficiaryID, &v.Region, &v.On, (*string)(&v.Kind), &v.Findings, &services, &v.NextDue, &v.By, &v.CreatedAt)
	if err == sql.ErrNoRows {
		return nil, notFound("探访记录")
	}
	if err != nil {
		return nil, fmt.Errorf("store: visit %d: %w", id, err)
	}
	if services != "" {
		v.Services = strings.Split(services, ",")
	}
	return &v, nil
}

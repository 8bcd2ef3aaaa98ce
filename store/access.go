package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"shuangbai"
)

// Access actions written to the access log.
const (
	AccessView   = "view"   // opened a beneficiary's file
	AccessReveal = "reveal" // revealed a full ID or phone number
	AccessExport = "export" // exported personal data
	// AccessIDMatch: someone outside the person's area typed their ID number
	// (filing or importing) and was refused. Logged where the file is, so its
	// county sees probing.
	AccessIDMatch = "id_match"
)

// idElsewhereMessage answers an ID number filed outside the user's scope:
// it names no place and no person.
const idElsewhereMessage = "该身份证号无法在此建档或导入，请联系上级民政部门核实"

// logIDMatches records matches of ID numbers filed outside the user's
// scope on those files. When the match was refused in earnest (a filing,
// an edit, an import applied, not a dry run), it also raises an alert for
// the admins of each county holding one, in the same transaction: a line
// in an access log nobody opens does not stop someone probing.
func (db *DB) logIDMatches(ctx context.Context, u *shuangbai.User, targets []AccessTarget, detail string, alert bool) error {
	if len(targets) == 0 {
		return nil
	}
	var who string
	if alert {
		var err error
		if who, err = db.alertWho(ctx, u); err != nil {
			return err
		}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.logAccessTx(ctx, tx, u, AccessIDMatch, targets, "", detail); err != nil {
			return err
		}
		if !alert {
			return nil
		}
		return db.raiseIDAlerts(ctx, tx, who, targets, detail)
	})
}

// AccessEntry is one line of the access log: who saw or exported whose
// record, when and why.
type AccessEntry struct {
	ID            int64
	At            time.Time
	Username      string
	Action        string
	BeneficiaryID int64
	ApplicantID   int64  // an application to a campaign, when that was what was seen
	Name          string // the beneficiary's or applicant's name, joined for display
	Region        string
	Reason        string
	Detail        string
}

// LogAccess records that u viewed, revealed or exported personal data.
// Revealing and exporting need a reason (shuangbai.CheckReason). The
// entry and its link in the access chain are committed before it returns,
// in a transaction shared with the views logged meanwhile: cheap enough to
// stay on for every view.
func (db *DB) LogAccess(ctx context.Context, u *shuangbai.User, action string, beneficiaryID int64, region, reason, detail string) error {
	return db.LogAccessMany(ctx, u, action, []AccessTarget{{BeneficiaryID: beneficiaryID, Region: region}}, reason, detail)
}

// AccessFilter selects access-log lines. Zero fields do not filter.
type AccessFilter struct {
	BeneficiaryID int64
	ApplicantID   int64
	Username      string
	BeforeID      int64 // keyset paging: lines older than this id
	Limit         int
}

// AccessLog returns the access log inside scope, newest first; with
// beneficiaryID set, only that person's.
func (db *DB) AccessLog(ctx context.Context, scope shuangbai.Scope, beneficiaryID, beforeID int64, limit int) ([]AccessEntry, error) {
	return db.AccessLogBy(ctx, scope, AccessFilter{BeneficiaryID: beneficiaryID, BeforeID: beforeID, Limit: limit})
}

// AccessLogBy returns the access-log lines inside scope that match f,
// newest first.
func (db *DB) AccessLogBy(ctx context.Context, scope shuangbai.Scope, f AccessFilter) ([]AccessEntry, error) {
	var w where
	w.scope("l.region", scope)
	if f.BeneficiaryID != 0 {
		w.add("l.beneficiary_id = ?", f.BeneficiaryID)
	}
	if f.ApplicantID != 0 {
		w.add("l.applicant_id = ?", f.ApplicantID)
	}
	if f.Username != "" {
		w.add("l.username = ?", f.Username)
	}
	if f.BeforeID != 0 {
		w.add("l.id < ?", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT l.id, l.at, l.username, l.action, COALESCE(l.beneficiary_id, 0), COALESCE(l.applicant_id, 0),
		COALESCE(b.name, ap.name, ''), l.region, l.reason, l.detail
		FROM access_log l LEFT JOIN beneficiaries b ON b.id = l.beneficiary_id LEFT JOIN applicants ap ON ap.id = l.applicant_id WHERE `+w.String()+` ORDER BY l.id DESC LIMIT `+strconv.Itoa(limit)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: access log: %w", err)
	}
	defer rows.Close()
	var out []AccessEntry
	for rows.Next() {
		var e AccessEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Username, &e.Action, &e.BeneficiaryID, &e.ApplicantID, &e.Name, &e.Region, &e.Reason, &e.Detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AccessTarget is one person whose record an access touched: a
// beneficiary's file, or an application to a campaign (ApplicantID).
type AccessTarget struct {
	BeneficiaryID int64
	ApplicantID   int64
	Region        string
}

// LogAccessMany records one access-log line per person for an access that
// touched many records at once, such as an export, in one transaction: so
// that each person's own history shows who exported their data. The lines
// go to the access log's group commit (access_batch.go): they share their
// transaction with the lines of other callers that arrived meanwhile, and
// LogAccessMany returns once that transaction is committed.
func (db *DB) LogAccessMany(ctx context.Context, u *shuangbai.User, action string, targets []AccessTarget, reason, detail string) error {
	if action == AccessReveal || action == AccessExport {
		var err error
		if reason, err = shuangbai.CheckReason(reason); err != nil {
			return err
		}
	}
	// The batch commits on a context of its own, so these lines never hold
	// the reader's reads on the primary until a read replica has them
	// (replica.go): she never reads them back.
	if len(targets) == 0 {
		return nil
	}
	return db.logBatched(ctx, db.newAccessJob(u, action, targets, reason, detail))
}

// logAccessTx writes the lines of LogAccessMany inside tx, for a caller
// whose lines must commit or fail with its other writes.
func (db *DB) logAccessTx(ctx context.Context, tx *sql.Tx, u *shuangbai.User, action string, targets []AccessTarget, reason, detail string) error {
	j := db.newAccessJob(u, action, targets, reason, detail)
	c, err := db.lockChain(ctx, tx, chainAccess)
	if err != nil {
		return err
	}
	rows := make([]accessRow, 0, len(targets))
	for _, t := range targets {
		rows = append(rows, accessRow{j.at, j.userID, j.username, j.action, t, j.reason, j.detail})
	}
	if err := db.insertAccess(ctx, tx, c, rows); err != nil {
		return err
	}
	return c.save(ctx, db, tx)
}

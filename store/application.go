package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

const applicationColumns = "id, beneficiary_id, region, kind, status, prepared_on, submitted_on, decided_on, amount, documents, note, created_at"

// SaveApplication creates (ID 0) or updates an application made on a
// beneficiary's behalf. The beneficiary must be inside the user's scope.
func (db *DB) SaveApplication(ctx context.Context, u *shuangbai.User, a *shuangbai.Application) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	if err := a.Validate(db.today()); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		b, err := db.beneficiary(ctx, tx, u.Scope(), a.BeneficiaryID)
		if err != nil {
			if shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND {
				return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "服务对象不存在或不在您的管辖范围内",
					Fields: map[string]string{"beneficiary": "服务对象不存在或不在您的管辖范围内"}}
			}
			return err
		}
		if err := a.Eligible(b); err != nil {
			return err
		}
		a.Region = b.Region
		now := db.now()
		if a.ID == 0 {
			a.CreatedAt = now
			err := tx.QueryRowContext(ctx, db.q(`INSERT INTO applications (beneficiary_id, region, kind, status, prepared_on, submitted_on, decided_on,
				amount, documents, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
				a.BeneficiaryID, a.Region, string(a.Kind), string(a.Status), a.PreparedOn, a.SubmittedOn, a.DecidedOn, a.Amount, a.Documents, a.Note, now, now).Scan(&a.ID)
			if err != nil {
				return fmt.Errorf("store: create application: %w", err)
			}
			return db.audit(ctx, tx, u, "create", "application", a.ID, a.Region, nil, a)
		}
		res, err := tx.ExecContext(ctx, db.q(`UPDATE applications SET kind = ?, status = ?, prepared_on = ?, submitted_on = ?, decided_on = ?,
			amount = ?, documents = ?, note = ?, updated_at = ? WHERE id = ? AND beneficiary_id = ?`),
			string(a.Kind), string(a.Status), a.PreparedOn, a.SubmittedOn, a.DecidedOn, a.Amount, a.Documents, a.Note, now, a.ID, a.BeneficiaryID)
		if err != nil {
			return fmt.Errorf("store: update application: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("申请")
		}
		return db.audit(ctx, tx, u, "update", "application", a.ID, a.Region, nil, a)
	})
}

// Applications returns a beneficiary's applications inside scope, newest first.
func (db *DB) Applications(ctx context.Context, scope shuangbai.Scope, beneficiaryID int64) ([]shuangbai.Application, error) {
	var w where
	w.add("beneficiary_id = ?", beneficiaryID)
	w.scope("region", scope)
	rows, err := db.reader(ctx).QueryContext(ctx, db.qFixed("SELECT "+applicationColumns+" FROM applications WHERE "+w.String()+" ORDER BY prepared_on DESC, id DESC"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: applications: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Application
	for rows.Next() {
		var a shuangbai.Application
		if err := rows.Scan(&a.ID, &a.BeneficiaryID, &a.Region, (*string)(&a.Kind), (*string)(&a.Status), &a.PreparedOn, &a.SubmittedOn,
			&a.DecidedOn, &a.Amount, &a.Documents, &a.Note, &a.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Application returns one application inside scope.
func (db *DB) Application(ctx context.Context, scope shuangbai.Scope, id int64) (shuangbai.Application, error) {
	var w where
	w.add("id = ?", id)
	w.scope("region", scope)
	var a shuangbai.Application
	err := db.read.QueryRowContext(ctx, db.q("SELECT "+applicationColumns+" FROM applications WHERE "+w.String()), w.args...).
		Scan(&a.ID, &a.BeneficiaryID, &a.Region, (*string)(&a.Kind), (*string)(&a.Status), &a.PreparedOn, &a.SubmittedOn,
			&a.DecidedOn, &a.Amount, &a.Documents, &a.Note, &a.CreatedAt)
	if err == sql.ErrNoRows {
		return a, notFound("申请")
	}
	if err != nil {
		return a, fmt.Errorf("store: application %d: %w", id, err)
	}
	return a, nil
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"shuangbai"
)

// SaveAssessment records a new assessment of a beneficiary inside the
// user's scope. Earlier assessments stay as they were.
func (db *DB) SaveAssessment(ctx context.Context, u *shuangbai.User, a *shuangbai.Assessment) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	for k, r := range a.Areas {
		r.Note = strings.TrimSpace(r.Note)
		a.Areas[k] = r
	}
	a.Goals = strings.TrimSpace(a.Goals)
	if err := a.Validate(db.today()); err != nil {
		return err
	}
	areas, err := json.Marshal(a.Areas)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		b, err := db.beneficiary(ctx, tx, u.Scope(), a.BeneficiaryID)
		if err != nil {
			return err
		}
		a.By, a.CreatedAt = u.Username, db.now()
		err = tx.QueryRowContext(ctx, db.q(`INSERT INTO assessments (beneficiary_id, assessed_on, areas, goals, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), a.BeneficiaryID, a.On, string(areas), a.Goals, a.By, a.CreatedAt).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: save assessment: %w", err)
		}
		return db.audit(ctx, tx, u, "create", "assessment", a.ID, b.Region, nil, a)
	})
}

// Assessments returns a beneficiary's assessments inside scope, newest
// first. Scope comes from the beneficiary's village.
func (db *DB) Assessments(ctx context.Context, scope shuangbai.Scope, beneficiaryID int64, limit int) ([]shuangbai.Assessment, error) {
	var w where
	w.add("a.beneficiary_id = ?", beneficiaryID)
	w.scope("b.region", scope)
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT a.id, a.beneficiary_id, a.assessed_on, a.areas, a.goals, a.recorded_by, a.created_at
		FROM assessments a JOIN beneficiaries b ON b.id = a.beneficiary_id WHERE `+w.String()+` ORDER BY a.assessed_on DESC, a.id DESC`+page(limit, 0)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: assessments: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Assessment
	for rows.Next() {
		var a shuangbai.Assessment
		var areas string
		if err := rows.Scan(&a.ID, &a.BeneficiaryID, &a.On, &areas, &a.Goals, &a.By, &a.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(areas), &a.Areas); err != nil {
			return nil, fmt.Errorf("store: assessment %d: %w", a.ID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

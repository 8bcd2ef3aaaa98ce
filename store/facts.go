package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"shuangbai"
)

const factColumns = `id, region, effective, plan_issued, plan_date, plan_doc, coordination, coordination_date,
	management, management_date, funding_status, funding_requested, funding_approved, funding_note, recorded_at, recorded_by`

func scanFacts(sc interface{ Scan(...any) error }) (shuangbai.CountyFacts, error) {
	var f shuangbai.CountyFacts
	err := sc.Scan(&f.ID, &f.Region, &f.Effective, &f.PlanIssued, &f.PlanDate, &f.PlanDoc, &f.Coordination, &f.CoordinationDate,
		&f.Management, &f.ManagementDate, (*string)(&f.FundingStatus), &f.FundingRequested, &f.FundingApproved, &f.FundingNote,
		&f.RecordedAt, &f.RecordedBy)
	return f, err
}

// RecordFacts adds a dated version of a county's (or the city's) facts; the
// earlier versions stay, so the table for an earlier day is unchanged.
func (db *DB) RecordFacts(ctx context.Context, u *shuangbai.User, f *shuangbai.CountyFacts) error {
	if !u.IsBureauAdmin() {
		return forbidden()
	}
	if err := f.Validate(db.today()); err != nil {
		return err
	}
	if !u.Scope().Contains(f.Region) {
		return notFound("区划")
	}
	f.RecordedAt, f.RecordedBy = db.now(), u.Username
	return db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO county_facts (region, effective, plan_issued, plan_date, plan_doc, coordination,
			coordination_date, management, management_date, funding_status, funding_requested, funding_approved, funding_note, recorded_at, recorded_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			f.Region, f.Effective, f.PlanIssued, f.PlanDate, f.PlanDoc, f.Coordination, f.CoordinationDate, f.Management, f.ManagementDate,
			string(f.FundingStatus), f.FundingRequested, f.FundingApproved, f.FundingNote, f.RecordedAt, f.RecordedBy).Scan(&f.ID)
		if err != nil {
			return fmt.Errorf("store: record facts: %w", err)
		}
		return db.audit(ctx, tx, u, "create", "county_facts", f.ID, f.Region, nil, f)
	})
}

// FactsOn returns, for each region inside scope that has any, the latest
// facts effective on or before day d.
func (db *DB) FactsOn(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) (map[string]shuangbai.CountyFacts, error) {
	var w where
	w.scope("region", scope)
	w.add("effective <= ?", d)
	// Versions come oldest first, so the latest one per region wins the map.
	rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT "+factColumns+" FROM county_facts WHERE "+w.String()+" ORDER BY region, effective, id"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: facts: %w", err)
	}
	defer rows.Close()
	out := map[string]shuangbai.CountyFacts{}
	for rows.Next() {
		f, err := scanFacts(rows)
		if err != nil {
			return nil, err
		}
		out[f.Region] = f
	}
	return out, rows.Err()
}

// FactsHistory returns every version of a region's facts, newest first.
func (db *DB) FactsHistory(ctx context.Context, scope shuangbai.Scope, region string) ([]shuangbai.CountyFacts, error) {
	if !scope.Contains(region) {
		return nil, notFound("区划")
	}
	rows, err := db.read.QueryContext(ctx, db.q("SELECT "+factColumns+" FROM county_facts WHERE region = ? ORDER BY effective DESC, id DESC"), region)
	if err != nil {
		return nil, fmt.Errorf("store: facts history: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.CountyFacts
	for rows.Next() {
		f, err := scanFacts(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// CreateTraining stores a training and its attendees, who must be staff
// inside the user's scope.
func (db *DB) CreateTraining(ctx context.Context, u *shuangbai.User, t *shuangbai.Training) error {
	if !u.IsBureauAdmin() {
		return forbidden()
	}
	if err := t.Validate(db.today()); err != nil {
		return err
	}
	scope := u.Scope()
	if !scope.Contains(t.Region) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "举办单位不在您的管辖范围内", Fields: map[string]string{"region": "举办单位不在您的管辖范围内"}}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO trainings (region, held_on, kind, title, hours) VALUES (?, ?, ?, ?, ?) RETURNING id`),
			t.Region, t.HeldOn, string(t.Kind), t.Title, t.Hours).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("store: create training: %w", err)
		}
		for _, pid := range t.Attendees {
			var w where
			w.add("id = ?", pid)
			w.scope("region", scope)
			var n int
			if err := tx.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM people WHERE "+w.String()), w.args...).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "参训人员不存在或不在您的管辖范围内",
					Fields: map[string]string{"attendees": "人员 " + strconv.FormatInt(pid, 10) + " 不存在或不在您的管辖范围内"}}
			}
			if _, err := tx.ExecContext(ctx, db.q("INSERT INTO training_attendees (training_id, person_id) VALUES (?, ?)"), t.ID, pid); err != nil {
				return fmt.Errorf("store: attendee: %w", mapError(err))
			}
		}
		return db.audit(ctx, tx, u, "create", "training", t.ID, t.Region, nil, t)
	})
}

// TrainingFilter selects trainings. Zero fields do not filter.
type TrainingFilter struct {
	Region string // the organiser, exactly (a county, or the city for 市本级)
	Until  shuangbai.Date
	Kinds  []shuangbai.TrainingKind
}

// Trainings returns the trainings organised inside scope, newest first.
func (db *DB) Trainings(ctx context.Context, scope shuangbai.Scope, f TrainingFilter) ([]shuangbai.Training, error) {
	var w where
	w.scope("t.region", scope)
	if f.Region != "" {
		w.add("t.region = ?", f.Region)
	}
	if !f.Until.IsZero() {
		w.add("t.held_on <= ?", f.Until)
	}
	if len(f.Kinds) > 0 {
		ph := "?"
		args := []any{string(f.Kinds[0])}
		for _, k := range f.Kinds[1:] {
			ph += ", ?"
			args = append(args, string(k))
		}
		w.add("t.kind IN ("+ph+")", args...)
	}
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT t.id, t.region, t.held_on, t.kind, t.title, t.hours,
		(SELECT COUNT(*) FROM training_attendees a WHERE a.training_id = t.id)
		FROM trainings t WHERE `+w.String()+` ORDER BY t.held_on DESC, t.id DESC LIMIT 1000`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: trainings: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Training
	for rows.Next() {
		var t shuangbai.Training
		if err := rows.Scan(&t.ID, &t.Region, &t.HeldOn, (*string)(&t.Kind), &t.Title, &t.Hours, &t.Attended); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

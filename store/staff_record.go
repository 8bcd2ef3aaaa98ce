package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shuangbai"
)

// A member of staff's record gathers what the other registers hold about
// them: qualifications and contracts (this file's tables), assignments
// over time (the roster), trainings attended (the trainings register) and
// case work (visits they took part in, files they are responsible for).

// StaffRecord returns the record of a member of staff inside scope.
func (db *DB) StaffRecord(ctx context.Context, scope shuangbai.Scope, personID int64) (*shuangbai.StaffRecord, error) {
	p, err := db.person(ctx, db.read, scope, personID)
	if err != nil {
		return nil, err
	}
	r := &shuangbai.StaffRecord{Person: p}
	if r.Qualifications, err = db.qualifications(ctx, personID); err != nil {
		return nil, err
	}
	if r.Contracts, err = db.contracts(ctx, personID); err != nil {
		return nil, err
	}
	if r.Assignments, err = db.siteAssignments(ctx, personID); err != nil {
		return nil, err
	}
	if r.Training, err = db.trainingYears(ctx, personID); err != nil {
		return nil, err
	}
	if r.CaseWork, err = db.caseWork(ctx, personID); err != nil {
		return nil, err
	}
	return r, nil
}

// The person's own rows below need no scope of their own: the person was
// found inside scope, and what is theirs goes with them.

func (db *DB) qualifications(ctx context.Context, personID int64) ([]shuangbai.QualificationRecord, error) {
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT id, person_id, level, obtained_on, certificate, note FROM qualifications
		WHERE person_id = ? ORDER BY COALESCE(obtained_on, '9999-12-31'), id`), personID)
	if err != nil {
		return nil, fmt.Errorf("store: qualifications: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.QualificationRecord
	for rows.Next() {
		var q shuangbai.QualificationRecord
		if err := rows.Scan(&q.ID, &q.PersonID, (*string)(&q.Level), &q.ObtainedOn, &q.Certificate, &q.Note); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

const contractColumns = `c.id, c.person_id, c.region, COALESCE(c.campaign_id, 0), COALESCE(c.applicant_id, 0), c.post_title,
	c.signed_on, c.date_from, c.date_to, c.ended_on, c.end_reason`

func scanContract(sc interface{ Scan(...any) error }) (shuangbai.Contract, error) {
	var c shuangbai.Contract
	err := sc.Scan(&c.ID, &c.PersonID, &c.Region, &c.CampaignID, &c.ApplicantID, &c.PostTitle, &c.SignedOn, &c.From, &c.To, &c.EndedOn, &c.EndReason)
	return c, err
}

func (db *DB) contracts(ctx context.Context, personID int64) ([]shuangbai.Contract, error) {
	rows, err := db.read.QueryContext(ctx, db.q("SELECT "+contractColumns+" FROM contracts c WHERE c.person_id = ? ORDER BY c.date_from DESC, c.id DESC"), personID)
	if err != nil {
		return nil, fmt.Errorf("store: contracts: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Contract
	for rows.Next() {
		c, err := scanContract(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (db *DB) siteAssignments(ctx context.Context, personID int64) ([]shuangbai.SiteAssignment, error) {
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT a.id, a.person_id, COALESCE(a.station_id, 0), COALESCE(a.point_id, 0), a.date_from, a.date_to,
		COALESCE(s.name, pt.name, ''), a.region
		FROM assignments a LEFT JOIN stations s ON s.id = a.station_id LEFT JOIN points pt ON pt.id = a.point_id
		WHERE a.person_id = ? ORDER BY a.date_from DESC, a.id DESC`), personID)
	if err != nil {
		return nil, fmt.Errorf("store: assignments: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.SiteAssignment
	for rows.Next() {
		var a shuangbai.SiteAssignment
		if err := rows.Scan(&a.ID, &a.PersonID, &a.StationID, &a.PointID, &a.From, &a.To, &a.SiteName, &a.Region); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// trainingYears sums the trainings a person attended by year. The year is
// cut from the stored date in Go, since the engines spell it differently.
func (db *DB) trainingYears(ctx context.Context, personID int64) ([]shuangbai.TrainingYear, error) {
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT t.held_on, t.hours FROM training_attendees ta JOIN trainings t ON t.id = ta.training_id
		WHERE ta.person_id = ? ORDER BY t.held_on DESC`), personID)
	if err != nil {
		return nil, fmt.Errorf("store: trainings of person: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.TrainingYear
	for rows.Next() {
		var on shuangbai.Date
		var hours float64
		if err := rows.Scan(&on, &hours); err != nil {
			return nil, err
		}
		y := on.Time().Year()
		if n := len(out); n == 0 || out[n-1].Year != y {
			out = append(out, shuangbai.TrainingYear{Year: y})
		}
		out[len(out)-1].Trainings++
		out[len(out)-1].Hours += hours
	}
	return out, rows.Err()
}

func (db *DB) caseWork(ctx context.Context, personID int64) (shuangbai.CaseWork, error) {
	var cw shuangbai.CaseWork
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT v.visited_on FROM visit_workers vw JOIN visits v ON v.id = vw.visit_id
		WHERE vw.person_id = ? ORDER BY v.visited_on DESC`), personID)
	if err != nil {
		return cw, fmt.Errorf("store: visits of person: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var on shuangbai.Date
		if err := rows.Scan(&on); err != nil {
			return cw, err
		}
		y := on.Time().Year()
		if n := len(cw.VisitsByYear); n == 0 || cw.VisitsByYear[n-1].Year != y {
			cw.VisitsByYear = append(cw.VisitsByYear, shuangbai.YearCount{Year: y})
		}
		cw.VisitsByYear[len(cw.VisitsByYear)-1].Count++
		cw.Visits++
	}
	if err := rows.Err(); err != nil {
		return cw, err
	}
	err = db.read.QueryRowContext(ctx, db.q(`SELECT COALESCE(SUM(CASE WHEN open THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN open THEN 0 ELSE 1 END), 0)
		FROM beneficiaries WHERE worker_id = ?`), personID).Scan(&cw.OpenCases, &cw.ClosedCases)
	return cw, err
}

// StaffSummary is one line of the staff list with records: who they are,
// their highest qualification, the contract and site of day d, and this
// year's training hours.
type StaffSummary struct {
	Person        shuangbai.Person
	Qualification shuangbai.Qualification
	Contract      *shuangbai.Contract
	Site          string
	TrainingHours float64
}

// StaffSummaries returns one page of the staff inside scope with their
// records' headlines on day d, and how many match in all.
func (db *DB) StaffSummaries(ctx context.Context, scope shuangbai.Scope, f PersonFilter, d shuangbai.Date) ([]StaffSummary, int, error) {
	people, total, err := db.People(ctx, scope, f)
	if err != nil || len(people) == 0 {
		return nil, total, err
	}
	out := make([]StaffSummary, len(people))
	index := map[int64]int{}
	ids := make([]any, len(people))
	for i, p := range people {
		out[i].Person = p
		index[p.ID] = i
		ids[i] = p.ID
	}
	in := "(" + placeholders(len(ids)) + ")"
	each := func(query string, args []any, scan func(*sql.Rows) error) error {
		rows, err := db.read.QueryContext(ctx, db.q(query), args...)
		if err != nil {
			return fmt.Errorf("store: staff summaries: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err = each("SELECT person_id, level FROM qualifications WHERE person_id IN "+in, ids, func(rows *sql.Rows) error {
		var id int64
		var q shuangbai.Qualification
		if err := rows.Scan(&id, (*string)(&q)); err != nil {
			return err
		}
		s := &out[index[id]]
		if q.Rank() > s.Qualification.Rank() {
			s.Qualification = q
		}
		return nil
	})
	if err == nil {
		err = each("SELECT "+contractColumns+" FROM contracts c WHERE c.person_id IN "+in+" ORDER BY c.date_from", ids, func(rows *sql.Rows) error {
			c, err := scanContract(rows)
			if err == nil && c.ActiveOn(d) {
				out[index[c.PersonID]].Contract = &c
			}
			return err
		})
	}
	if err == nil {
		err = each(`SELECT a.person_id, COALESCE(s.name, pt.name, '') FROM assignments a LEFT JOIN stations s ON s.id = a.station_id
			LEFT JOIN points pt ON pt.id = a.point_id WHERE a.person_id IN `+in+` AND a.date_from <= ? AND (a.date_to IS NULL OR a.date_to >= ?)`,
			append(append([]any{}, ids...), d, d), func(rows *sql.Rows) error {
				var id int64
				var site string
				if err := rows.Scan(&id, &site); err != nil {
					return err
				}
				s := &out[index[id]]
				s.Site = strings.TrimPrefix(s.Site+"、"+site, "、")
				return nil
			})
	}
	if err == nil {
		year := d.Time().Year()
		from, to := shuangbai.NewDate(year, 1, 1), shuangbai.NewDate(year, 12, 31)
		err = each(`SELECT ta.person_id, t.hours FROM training_attendees ta JOIN trainings t ON t.id = ta.training_id
			WHERE ta.person_id IN `+in+` AND t.held_on >= ? AND t.held_on <= ?`, append(append([]any{}, ids...), from, to), func(rows *sql.Rows) error {
			var id int64
			var h float64
			if err := rows.Scan(&id, &h); err != nil {
				return err
			}
			out[index[id]].TrainingHours += h
			return nil
		})
	}
	return out, total, err
}

// AddQualification records a qualification a member of staff obtained.
func (db *DB) AddQualification(ctx context.Context, u *shuangbai.User, q *shuangbai.QualificationRecord) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	if err := q.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := db.person(ctx, tx, u.Scope(), q.PersonID)
		if err != nil {
			return err
		}
		return db.insertQualification(ctx, tx, u, p.Region, q)
	})
}

func (db *DB) insertQualification(ctx context.Context, tx *sql.Tx, u *shuangbai.User, region string, q *shuangbai.QualificationRecord) error {
	if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO qualifications (person_id, region, level, obtained_on, certificate, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), q.PersonID, region, string(q.Level), q.ObtainedOn, q.Certificate, q.Note, db.now()).Scan(&q.ID); err != nil {
		return fmt.Errorf("store: qualification: %w", err)
	}
	return db.audit(ctx, tx, u, "create", "qualification", q.ID, region, nil, q)
}

// EndContract records that a contract ended early on day last (离职),
// with the reason. The contract stays on record; the person's open
// assignments and the stations they cover as a supervisor end the same
// day, so the progress table stops counting them.
func (db *DB) EndContract(ctx context.Context, u *shuangbai.User, personID, contractID int64, last shuangbai.Date, reason string) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	reason = strings.TrimSpace(reason)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := db.person(ctx, tx, u.Scope(), personID)
		if err != nil {
			return err
		}
		c, err := scanContract(tx.QueryRowContext(ctx, db.q("SELECT "+contractColumns+" FROM contracts c WHERE c.id = ? AND c.person_id = ?"), contractID, p.ID))
		if err == sql.ErrNoRows {
			return notFound("合同")
		}
		if err != nil {
			return err
		}
		if err := c.CheckEnd(last, reason); err != nil {
			return err
		}
		before := c
		c.EndedOn, c.EndReason = last, reason
		if _, err := tx.ExecContext(ctx, db.q("UPDATE contracts SET ended_on = ?, end_reason = ? WHERE id = ?"), last, reason, c.ID); err != nil {
			return fmt.Errorf("store: end contract: %w", err)
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE assignments SET date_to = ? WHERE person_id = ? AND date_to IS NULL AND date_from <= ?`),
			last, p.ID, last); err != nil {
			return fmt.Errorf("store: end assignments: %w", err)
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE supervisor_stations SET date_to = ? WHERE person_id = ? AND date_to IS NULL AND date_from <= ?`),
			last, p.ID, last); err != nil {
			return fmt.Errorf("store: end coverage: %w", err)
		}
		return db.audit(ctx, tx, u, "update", "contract", c.ID, p.Region, before, c)
	})
}

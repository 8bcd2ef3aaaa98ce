package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"shuangbai"
)

// write is a main write, through the server and by hand.
type write struct {
	name  string
	calls int // a roster of 10,000 is slow: fewer calls
	http  func(ctx context.Context, t *target) error
	sql   func(ctx context.Context, t *target) error
}

var visitDay atomic.Int64

// visitBody is a visit on the worker's first file, a different day each
// call so that no two are the same record.
func visitBody(t *target) []byte {
	on := shuangbai.NewDate(2025, 1, 1).AddDays(int(visitDay.Add(1) % 360))
	b, _ := json.Marshal(map[string]any{"beneficiary_id": t.fx.benID, "on": on.String(), "kind": "home",
		"services": []string{"精神慰藉"}, "findings": "情况稳定"})
	return b
}

// roster returns n new people as a CSV register: ID numbers from a county
// code no generated file uses (4499), birth days after those of everyone
// the import village already holds. Every roster lands whole (an import is
// all or nothing), so counting the village gives the next free days: a run
// on a database an earlier run wrote to files new people too (a clock-
// derived offset collided across runs: "already filed").
func roster(ctx context.Context, t *target, n int) (string, []*shuangbai.Beneficiary, error) {
	var filed int
	if err := t.raw.QueryRowContext(ctx, t.q(`SELECT COUNT(*) FROM beneficiaries WHERE region = ?`), importVillage).Scan(&filed); err != nil {
		return "", nil, err
	}
	run := (filed + 999) / 1000
	var b strings.Builder
	b.WriteString("姓名,身份证号,村（社区）代码\n")
	village := importVillage
	out := make([]*shuangbai.Beneficiary, n)
	for i := range n {
		birth := shuangbai.NewDate(1930, 1, 1).AddDays(run + i/1000)
		first17 := fmt.Sprintf("449999%s%03d", birth.Time().Format("20060102"), i%1000)
		id := first17 + string(shuangbai.IDCheckDigit(first17))
		name := fmt.Sprintf("导入%d", i)
		fmt.Fprintf(&b, "%s,%s,%s\n", name, id, village)
		out[i] = &shuangbai.Beneficiary{Region: village, Name: name, Gender: "男", Birth: birth, IDNumber: id}
	}
	return b.String(), out, nil
}

func writes() []write {
	return []write{
		{"record a visit", 0, func(ctx context.Context, t *target) error {
			_, err := t.do(ctx, "worker", "POST", "/api/v1/visits", "application/json", visitBody(t))
			return err
		}, func(ctx context.Context, t *target) error {
			// The visit, its worker, the file's last visit and next due day,
			// and an audit row, in one transaction.
			on := shuangbai.NewDate(2025, 1, 1).AddDays(int(visitDay.Add(1) % 360))
			return t.tx(ctx, func(tx *sql.Tx) error {
				var id int64
				if err := tx.QueryRowContext(ctx, t.q(`INSERT INTO visits (beneficiary_id, region, visited_on, kind, findings, services, next_due, recorded_by, created_at)
					VALUES (?, ?, ?, 'home', '情况稳定', '精神慰藉', ?, 'bench', ?) RETURNING id`), t.fx.benID, t.fx.benRegion, on.String(), on.AddDays(30).String(), time.Now().UTC()).Scan(&id); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, t.q(`INSERT INTO visit_workers (visit_id, person_id) VALUES (?, ?)`), id, t.fx.worker); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, t.q(`UPDATE beneficiaries SET last_visit = ?, next_due = ? WHERE id = ? AND (last_visit IS NULL OR last_visit <= ?)`),
					on.String(), on.AddDays(30).String(), t.fx.benID, on.String()); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, t.q(`INSERT INTO bench_audit (at, entity_id, body) VALUES (?, ?, ?)`), time.Now().UTC(), id, `{"kind":"home"}`)
				return err
			})
		}},
		{"import a 10,000-row roster", 3, func(ctx context.Context, t *target) error {
			csv, _, err := roster(ctx, t, 10_000)
			if err != nil {
				return err
			}
			_, err = t.do(ctx, "import", "POST", "/api/v1/beneficiaries/import?filename=bench.csv", "text/csv", []byte(csv))
			return err
		}, func(ctx context.Context, t *target) error {
			// Seal each number, look each up by its hash, insert the new ones
			// with their group rows: one transaction, prepared statements.
			_, people, err := roster(ctx, t, 10_000)
			if err != nil {
				return err
			}
			return t.tx(ctx, func(tx *sql.Tx) error {
				find, err := tx.PrepareContext(ctx, t.q(`SELECT id FROM beneficiaries WHERE id_number_hash = ?`))
				if err != nil {
					return err
				}
				defer find.Close()
				ins, err := tx.PrepareContext(ctx, t.q(`INSERT INTO beneficiaries (region, name, gender, birth, id_number_enc, id_number_hash, phone_enc,
					found_by, level, open, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', 'import', 4, TRUE, ?, ?) RETURNING id`))
				if err != nil {
					return err
				}
				defer ins.Close()
				now := time.Now().UTC()
				for _, p := range people {
					enc, err := t.box.Seal(p.IDNumber, "beneficiary.id_number")
					if err != nil {
						return err
					}
					h := t.box.Hash(p.IDNumber)
					var id int64
					if err := find.QueryRowContext(ctx, h).Scan(&id); err != sql.ErrNoRows {
						return fmt.Errorf("roster: %s already filed (%v)", p.IDNumber, err)
					}
					if err := ins.QueryRowContext(ctx, p.Region, p.Name, p.Gender, p.Birth.String(), enc, h, now, now).Scan(&id); err != nil {
						return err
					}
				}
				return nil
			})
		}},
	}
}

// tx runs fn in a transaction on the raw connection and commits it.
func (t *target) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := t.raw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// benchAudit is where the hand-written visit writes its audit row: a
// table of the bench's own, so the real audit chain is left alone.
func (t *target) benchAudit(ctx context.Context) error {
	typ := "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
	if !t.pg {
		typ = "INTEGER PRIMARY KEY"
	}
	_, err := t.raw.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_audit (id `+typ+`, at TIMESTAMP NOT NULL, entity_id BIGINT, body TEXT)`)
	return err
}

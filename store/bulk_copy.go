package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"shuangbai"
)

// copy streams rows into table with PostgreSQL's COPY, inside the bulk
// transaction: the same connection, so the rows commit or roll back with
// everything else the load added. It is about ten times the rate of
// multi-row INSERTs, which PostgreSQL must parse and plan batch by batch.
func (b *Bulk) copy(ctx context.Context, table string, cols []string, rows [][]any) error {
	err := b.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not pgx", dc)
		}
		n, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, &copyRows{rows: rows, i: -1})
		b.n += int(n)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: bulk copy %s: %w", table, mapError(err))
	}
	return nil
}

// copyRows feeds COPY, turning the domain's values into what pgx encodes
// in binary: a Date is a time.Time (its Valuer gives text, which the binary
// DATE encoder does not take), a zero Date NULL.
type copyRows struct {
	rows [][]any
	i    int
	buf  []any
}

func (r *copyRows) Next() bool { r.i++; return r.i < len(r.rows) }
func (r *copyRows) Err() error { return nil }
func (r *copyRows) Values() ([]any, error) {
	row := r.rows[r.i]
	r.buf = append(r.buf[:0], row...)
	for k, v := range r.buf {
		if d, ok := v.(shuangbai.Date); ok {
			if d.IsZero() {
				r.buf[k] = nil
			} else {
				r.buf[k] = d.Time()
			}
		}
	}
	return r.buf, nil
}

// IDs reserves n ids for rows of table that the caller will Insert with
// their id column given, so that rows referring to them (a file's groups
// and visits) can go in the same COPY or batch instead of one INSERT …
// RETURNING a row. On PostgreSQL it draws them from the table's identity
// sequence; on SQLite the bulk transaction holds the write lock, so the
// ids after the largest are free until it commits.
func (b *Bulk) IDs(ctx context.Context, table string, n int) ([]int64, error) {
	out := make([]int64, 0, n)
	if n <= 0 {
		return out, nil
	}
	var q string
	if b.db.dialect == postgres {
		q = "SELECT nextval(pg_get_serial_sequence('" + table + "', 'id')) FROM generate_series(1, " + fmt.Sprint(n) + ")"
	} else {
		var max int64
		if err := b.tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+table).Scan(&max); err != nil {
			return nil, fmt.Errorf("store: bulk ids %s: %w", table, err)
		}
		for i := range n {
			out = append(out, max+1+int64(i))
		}
		return out, nil
	}
	rows, err := b.tx.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: bulk ids %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SealedBeneficiary returns the columns of beneficiaryColumns for x, with
// its personal numbers sealed, for Insert with an id from IDs.
func (b *Bulk) SealedBeneficiary(x *shuangbai.Beneficiary) ([]any, error) {
	idEnc, idHash, phoneEnc, err := b.db.sealed(x)
	if err != nil {
		return nil, err
	}
	now := b.db.now()
	return []any{x.ID, x.Region, nullID(x.HouseholdID), x.Relation, x.Name, x.Gender, x.Birth, idEnc, idHash, phoneEnc, x.Address, x.Lat, x.Lng,
		x.Disability, string(x.FoundBy), x.FoundOn, nullID(x.WorkerID), int(x.Level), x.Open, x.LastVisit, x.NextDue, now, now}, nil
}

// BeneficiaryColumns are the columns of SealedBeneficiary's rows.
var BeneficiaryColumns = strings.Fields(`id region household_id relation name gender birth id_number_enc id_number_hash
	phone_enc address lat lng disability found_by found_on worker_id level open last_visit next_due created_at updated_at`)

// AnalyzeTables refreshes the planner's statistics of the tables a load is
// filling. A load must do this early and again as tables grow: planned
// while a table was empty, PostgreSQL's foreign-key checks keep scanning
// it whole for every row added, which made loads quadratic.
func (db *DB) AnalyzeTables(ctx context.Context, tables ...string) error {
	for _, t := range tables {
		if _, err := db.write.ExecContext(ctx, "ANALYZE "+t); err != nil {
			return fmt.Errorf("store: analyze %s: %w", t, err)
		}
	}
	return nil
}

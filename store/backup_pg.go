package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// tableSums counts and checksums every table of the database q reads
// (for PostgreSQL, of its current schema), in name order.
func tableSums(ctx context.Context, q querier, d dialect) ([]TableSum, error) {
	list := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if d == postgres {
		list = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := q.QueryContext(ctx, list)
	if err != nil {
		return nil, fmt.Errorf("列出数据表: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]TableSum, 0, len(names))
	for _, n := range names {
		s, err := tableSum(ctx, q, n)
		if err != nil {
			return nil, fmt.Errorf("校验表 %s: %w", n, err)
		}
		out = append(out, s)
	}
	return out, nil
}

var mod256 = new(big.Int).Lsh(big.NewInt(1), 256)

func tableSum(ctx context.Context, q querier, name string) (TableSum, error) {
	rows, err := q.QueryContext(ctx, `SELECT * FROM "`+name+`"`)
	if err != nil {
		return TableSum{}, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return TableSum{}, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	sum, h := new(big.Int), new(big.Int)
	var n int64
	var buf bytes.Buffer
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableSum{}, err
		}
		buf.Reset()
		for i, v := range vals {
			buf.WriteString(cols[i])
			buf.WriteByte(0)
			encodeValue(&buf, v)
		}
		d := sha256.Sum256(buf.Bytes())
		sum.Add(sum, h.SetBytes(d[:]))
		n++
	}
	if err := rows.Err(); err != nil {
		return TableSum{}, err
	}
	sum.Mod(sum, mod256)
	b := make([]byte, 32)
	sum.FillBytes(b)
	return TableSum{Name: name, Rows: n, SHA256: hex.EncodeToString(b)}, nil
}

// encodeValue writes a value unambiguously: a type letter, the length and
// the bytes, so that no two different rows encode alike.
func encodeValue(b *bytes.Buffer, v any) {
	var tag byte
	var s []byte
	switch x := v.(type) {
	case nil:
		tag = 'N'
	case int64:
		tag, s = 'i', strconv.AppendInt(nil, x, 10)
	case float64:
		tag, s = 'f', binary.BigEndian.AppendUint64(nil, math.Float64bits(x))
	case bool:
		tag, s = 'b', strconv.AppendBool(nil, x)
	case []byte:
		tag, s = 'x', x
	case string:
		tag, s = 's', []byte(x)
	case time.Time:
		tag, s = 't', []byte(x.UTC().Format(time.RFC3339Nano))
	default:
		tag, s = 'v', fmt.Appendf(nil, "%T:%v", x, x)
	}
	b.WriteByte(tag)
	b.Write(binary.BigEndian.AppendUint64(nil, uint64(len(s))))
	b.Write(s)
}

// pgDump sums the tables of the current schema in an exported snapshot and
// has pg_dump write that same snapshot to path, so that the manifest
// describes exactly what the dump holds while writes go on.
func (db *DB) pgDump(ctx context.Context, path string) (string, []TableSum, error) {
	tx, err := db.snapshot(ctx)
	if err != nil {
		return "", nil, err
	}
	defer tx.Rollback()
	var snap, schema string
	if err := tx.QueryRowContext(ctx, "SELECT pg_export_snapshot(), current_schema()").Scan(&snap, &schema); err != nil {
		return "", nil, fmt.Errorf("导出快照: %w", err)
	}
	sums, err := tableSums(ctx, tx, postgres)
	if err != nil {
		return "", nil, err
	}
	if err := pgTool(ctx, db.dsn, "pg_dump", "--snapshot="+snap, "--schema="+schema,
		"--format=custom", "--no-owner", "--no-privileges", "--file="+path); err != nil {
		return "", nil, err
	}
	return schema, sums, nil
}

// pgTool runs pg_dump or pg_restore against the database of dsn. The
// connection goes through libpq's PG* variables, so the password never
// shows in the process list; pgx-only URL parameters (search_path) are
// left out, the schema being named on the command line.
func pgTool(ctx context.Context, dsn, tool string, args ...string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	env := os.Environ()
	set := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	set("PGHOST", u.Hostname())
	set("PGPORT", u.Port())
	dbname := strings.TrimPrefix(u.Path, "/")
	set("PGDATABASE", dbname)
	if tool == "pg_restore" {
		args = append([]string{"--dbname=" + dbname}, args...)
	}
	if u.User != nil {
		set("PGUSER", u.User.Username())
		p, _ := u.User.Password()
		set("PGPASSWORD", p)
	}
	q := u.Query()
	set("PGSSLMODE", q.Get("sslmode"))
	set("PGSSLROOTCERT", q.Get("sslrootcert"))
	set("PGCONNECT_TIMEOUT", q.Get("connect_timeout"))
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return fmt.Errorf("找不到 %s：PostgreSQL 的备份和恢复需要与服务器同版本的客户端工具（Debian: postgresql-client）", tool)
		}
		return fmt.Errorf("%s: %v: %s", tool, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// restorePostgres restores the dump into the schema it came from. The old
// schema is renamed aside first and dropped only once the restored tables
// match the manifest; on any failure it is put back.
func restorePostgres(ctx context.Context, dsn, payload string, m BackupManifest, opts RestoreOptions) error {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	var cur sql.NullString
	if err := pool.QueryRowContext(ctx, "SELECT current_schema()").Scan(&cur); err != nil {
		return fmt.Errorf("无法连接数据库: %w", err)
	}
	schema := m.PGSchema
	if cur.Valid && cur.String != schema {
		return fmt.Errorf("备份来自模式 %s，而目标连接的当前模式是 %s：请连接到同名模式（search_path）", schema, cur.String)
	}
	var tables int
	if err := pool.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = $1`, schema).Scan(&tables); err != nil {
		return err
	}
	if tables > 0 && !opts.Replace {
		return fmt.Errorf("模式 %s 中已有数据：确认要用备份替换它时加 --replace", schema)
	}
	aside := schema + "_before_restore"
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	if _, err := pool.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+quote(aside)+" CASCADE"); err != nil {
		return err
	}
	var exists bool
	if err := pool.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
		return err
	}
	if exists {
		if _, err := pool.ExecContext(ctx, "ALTER SCHEMA "+quote(schema)+" RENAME TO "+quote(aside)); err != nil {
			return fmt.Errorf("无法把原模式移开: %w", err)
		}
	}
	putBack := func(cause error) error {
		back := context.WithoutCancel(ctx)
		_, err := pool.ExecContext(back, "DROP SCHEMA IF EXISTS "+quote(schema)+" CASCADE")
		if exists && err == nil {
			_, err = pool.ExecContext(back, "ALTER SCHEMA "+quote(aside)+" RENAME TO "+quote(schema))
		}
		if err != nil {
			return fmt.Errorf("%w；且未能还原原来的模式（现名 %s）: %v", cause, aside, err)
		}
		return fmt.Errorf("%w；原数据库未改动", cause)
	}
	if err := pgTool(ctx, dsn, "pg_restore", "--no-owner", "--no-privileges",
		"--single-transaction", "--exit-on-error", payload); err != nil {
		return putBack(err)
	}
	// Sum on a fresh connection: the pool's may have planned against the
	// old schema's tables.
	conn, err := pool.Conn(ctx)
	if err != nil {
		return putBack(err)
	}
	sums, err := tableSums(ctx, conn, postgres)
	conn.Close()
	if err == nil {
		err = sameSums(m.Tables, sums)
	}
	if err != nil {
		return putBack(err)
	}
	if exists {
		if _, err := pool.ExecContext(ctx, "DROP SCHEMA "+quote(aside)+" CASCADE"); err != nil {
			return fmt.Errorf("已恢复，但未能删除原来的模式 %s: %w", aside, err)
		}
	}
	return nil
}

package store

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
	"unicode/utf8"

	"shuangbai/secret"
)

// A backup file is a gzipped tar of two members: manifest.json first, then
// the engine's own copy of the database — an SQLite file made by VACUUM
// INTO, or a pg_dump archive of the schema in use. The key is never in it:
// the manifest holds only a keyed check value, so a restore can tell that it
// was given the key the data was sealed with without the file carrying it.
const (
	backupFormat   = 1
	manifestMember = "manifest.json"
	keyCheckValue  = "SHUANGBAI-BACKUP-KEY-CHECK"
)

// BackupManifest describes a backup: what made it, from which schema
// version, and what every table held, so that a restore can prove it put
// back exactly that.
type BackupManifest struct {
	Format        int        `json:"format"`
	Engine        string     `json:"engine"`
	SchemaVersion int        `json:"schema_version"`
	PGSchema      string     `json:"pg_schema,omitempty"`
	Created       time.Time  `json:"created"`
	KeyCheck      string     `json:"key_check"`
	Payload       string     `json:"payload"`
	PayloadSize   int64      `json:"payload_size"`
	PayloadSHA256 string     `json:"payload_sha256"`
	Tables        []TableSum `json:"tables"`
}

// TableSum is one table's row count and checksum: the sum, modulo 2^256, of
// the SHA-256 of each row's values, so that it does not depend on the order
// rows are read in yet changes when any value, or the number of copies of a
// row, does.
type TableSum struct {
	Name   string `json:"name"`
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

// keyCheck is the manifest's proof of the key: a keyed hash of a constant.
func keyCheck(b *secret.Box) string {
	if b == nil {
		return ""
	}
	return b.Hash(keyCheckValue)[:32]
}

// Backup writes a consistent copy of the whole database to w while the
// server goes on working, and returns its manifest. SQLite copies with
// VACUUM INTO (one read transaction: writers are not held up); PostgreSQL
// exports a snapshot, sums the tables in it and has pg_dump dump that same
// snapshot. tmpDir holds the payload while it is made ("" for the system's).
func (db *DB) Backup(ctx context.Context, w io.Writer, tmpDir string) (BackupManifest, error) {
	applied, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return BackupManifest{}, err
	}
	dir, err := os.MkdirTemp(tmpDir, "shuangbai-backup-")
	if err != nil {
		return BackupManifest{}, fmt.Errorf("备份临时目录: %w", err)
	}
	defer os.RemoveAll(dir)
	m := BackupManifest{Format: backupFormat, Engine: db.Engine(), SchemaVersion: applied,
		Created: db.now(), KeyCheck: keyCheck(db.box)}
	var payload string
	if db.dialect == sqlite {
		payload = filepath.Join(dir, "shuangbai.db")
		m.Payload = "shuangbai.db"
		if _, err := db.read.ExecContext(ctx, "VACUUM INTO ?", payload); err != nil {
			return m, fmt.Errorf("复制 SQLite 数据库: %w", err)
		}
		cp, err := sql.Open("sqlite", "file:"+payload+"?mode=ro")
		if err != nil {
			return m, err
		}
		m.Tables, err = tableSums(ctx, cp, sqlite)
		cp.Close()
		if err != nil {
			return m, err
		}
	} else {
		payload = filepath.Join(dir, "shuangbai.pgdump")
		m.Payload = "shuangbai.pgdump"
		if m.PGSchema, m.Tables, err = db.pgDump(ctx, payload); err != nil {
			return m, err
		}
	}
	if err := writeBackup(w, &m, payload); err != nil {
		return m, err
	}
	return m, nil
}

// writeBackup writes the archive: the manifest (with the payload's size and
// checksum) and then the payload.
func writeBackup(w io.Writer, m *BackupManifest, payload string) error {
	f, err := os.Open(payload)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return err
	}
	m.PayloadSize, m.PayloadSHA256 = n, hex.EncodeToString(h.Sum(nil))
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	now := m.Created
	if err := tw.WriteHeader(&tar.Header{Name: manifestMember, Mode: 0o600, Size: int64(len(js)), ModTime: now}); err != nil {
		return err
	}
	if _, err := tw.Write(js); err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: m.Payload, Mode: 0o600, Size: n, ModTime: now}); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.CopyN(tw, f, n); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

// ReadBackup reads a backup's manifest and extracts its payload into dir,
// checking the payload against the manifest's size and checksum. It
// returns the payload's path.
func ReadBackup(r io.Reader, dir string) (BackupManifest, string, error) {
	var m BackupManifest
	zr, err := gzip.NewReader(r)
	if err != nil {
		return m, "", errors.New("不是双百备份文件（不是 gzip 格式）")
	}
	tr := tar.NewReader(zr)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != manifestMember || hdr.Size > 1<<20 {
		return m, "", errors.New("不是双百备份文件（缺少清单）")
	}
	if err := json.NewDecoder(io.LimitReader(tr, hdr.Size)).Decode(&m); err != nil {
		return m, "", fmt.Errorf("备份清单无法读取: %w", err)
	}
	if m.Format != backupFormat {
		return m, "", fmt.Errorf("备份文件格式 %d 不受本程序支持", m.Format)
	}
	if m.Payload != "shuangbai.db" && m.Payload != "shuangbai.pgdump" {
		return m, "", fmt.Errorf("备份清单中的数据文件名 %q 不正确", m.Payload)
	}
	hdr, err = tr.Next()
	if err != nil || hdr.Name != m.Payload {
		return m, "", errors.New("备份文件不完整：缺少数据部分")
	}
	path := filepath.Join(dir, m.Payload)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return m, "", err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), tr)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return m, "", fmt.Errorf("备份文件已损坏: %w", err)
	}
	if n != m.PayloadSize || hex.EncodeToString(h.Sum(nil)) != m.PayloadSHA256 {
		return m, "", errors.New("备份文件已损坏：数据部分的校验和与清单不符")
	}
	return m, path, nil
}

// RestoreOptions says how a restore may treat the database it replaces.
type RestoreOptions struct {
	// Box is the key the restored data must have been sealed with.
	Box *secret.Box
	// Replace allows replacing a database that holds data.
	Replace bool
	// TmpDir holds the extracted payload ("" for beside an SQLite target).
	TmpDir string
}

// Restore puts the backup read from r in place of the database dsn, after
// checking that this binary knows its schema version, that opts.Box holds
// the key it was made with, and that every table's count and checksum
// match the manifest. The SQLite file is checked before it replaces the
// old one (kept beside it as .before-restore); a PostgreSQL schema is
// restored while the old one waits under another name, and comes back if
// anything fails. The server must be stopped.
func Restore(ctx context.Context, dsn string, r io.Reader, opts RestoreOptions) (BackupManifest, error) {
	pg := isPostgres(dsn)
	tmp := opts.TmpDir
	if tmp == "" && !pg {
		tmp = filepath.Dir(dsn) // the same file system, so the final rename is atomic
		if err := os.MkdirAll(tmp, 0o750); err != nil {
			return BackupManifest{}, err
		}
	}
	dir, err := os.MkdirTemp(tmp, ".shuangbai-restore-")
	if err != nil {
		return BackupManifest{}, err
	}
	defer os.RemoveAll(dir)
	m, payload, err := ReadBackup(r, dir)
	if err != nil {
		return m, err
	}
	want := "sqlite"
	if pg {
		want = "postgres"
	}
	if m.Engine != want {
		return m, fmt.Errorf("这是 %s 数据库的备份，不能恢复到 %s 数据库", m.Engine, want)
	}
	ms, err := map[bool]dialect{false: sqlite, true: postgres}[pg].migrations()
	if err != nil {
		return m, err
	}
	if known := ms[len(ms)-1].version; m.SchemaVersion > known {
		return m, fmt.Errorf("备份的数据库结构版本为 %d，高于本程序支持的 %d：请用新版本程序恢复", m.SchemaVersion, known)
	}
	if opts.Box == nil || keyCheck(opts.Box) != m.KeyCheck {
		return m, errors.New("给出的加密密钥不是制作该备份时的密钥：用它恢复，身份证号和电话将无法读取；请指定原来的密钥（--key-file 或 SHUANGBAI_KEY）")
	}
	if pg {
		return m, restorePostgres(ctx, dsn, payload, m, opts)
	}
	return m, restoreSQLite(ctx, dsn, payload, m, opts)
}

func isPostgres(dsn string) bool {
	return len(dsn) > 11 && (dsn[:11] == "postgres://" || len(dsn) > 13 && dsn[:13] == "postgresql://")
}

func restoreSQLite(ctx context.Context, dsn, payload string, m BackupManifest, opts RestoreOptions) error {
	cp, err := sql.Open("sqlite", "file:"+payload+"?mode=ro")
	if err != nil {
		return err
	}
	var ok string
	err = cp.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok)
	if err == nil && ok != "ok" {
		err = fmt.Errorf("integrity_check: %s", ok)
	}
	var sums []TableSum
	if err == nil {
		sums, err = tableSums(ctx, cp, sqlite)
	}
	cp.Close()
	if err != nil {
		return fmt.Errorf("备份中的数据库已损坏: %w", err)
	}
	if err := sameSums(m.Tables, sums); err != nil {
		return err
	}
	if fi, err := os.Stat(dsn); err == nil && fi.Size() > 0 {
		if !opts.Replace {
			return fmt.Errorf("数据库 %s 已存在：确认要用备份替换它时加 --replace（原文件将保留为 %s.before-restore）", dsn, dsn)
		}
		if err := os.Rename(dsn, dsn+".before-restore"); err != nil {
			return err
		}
		for _, ext := range []string{"-wal", "-shm"} {
			if err := os.Remove(dsn + ext); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	if err := os.Rename(payload, dsn); err != nil {
		return err
	}
	return os.Chmod(dsn, 0o600)
}

// sameSums compares the tables a restore found with the manifest's.
func sameSums(want, got []TableSum) error {
	g := map[string]TableSum{}
	for _, t := range got {
		g[t.Name] = t
	}
	if len(want) != len(got) {
		return fmt.Errorf("恢复的数据库有 %d 张表，备份清单记录了 %d 张", len(got), len(want))
	}
	for _, w := range want {
		if t, ok := g[w.Name]; !ok || t != w {
			return fmt.Errorf("表 %s 与备份清单不符（清单 %d 行，恢复后 %d 行）：备份文件已损坏或被改动", w.Name, w.Rows, t.Rows)
		}
	}
	return nil
}

// TableSums returns the row count and checksum of every table, for tests
// and for comparing a database with a backup's manifest.
func (db *DB) TableSums(ctx context.Context) ([]TableSum, error) {
	return tableSums(ctx, db.read, db.dialect)
}

// A backup's result as the server's scheduler records it.
type BackupRun struct {
	Started  time.Time
	Finished time.Time
	File     string
	Size     int64
	Error    string // empty when it succeeded
}

// RecordBackup keeps the result of one scheduled backup for the system
// administrator's page. Not audited as a user's write: the server makes
// it, and the table is the record.
func (db *DB) RecordBackup(ctx context.Context, r BackupRun) error {
	_, err := db.write.ExecContext(ctx, db.q(`INSERT INTO backup_runs (started_at, finished_at, file, size, error)
		VALUES (?, ?, ?, ?, ?)`), r.Started.UTC(), r.Finished.UTC(), r.File, r.Size, truncate(r.Error, 2000))
	return err
}

// LastBackups returns the newest results of scheduled backups, newest
// first; the first successful one is what a restore would start from.
func (db *DB) LastBackups(ctx context.Context, n int) ([]BackupRun, error) {
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT started_at, finished_at, file, size, error
		FROM backup_runs ORDER BY id DESC LIMIT ?`), n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BackupRun
	for rows.Next() {
		var r BackupRun
		if err := rows.Scan(&r.Started, &r.Finished, &r.File, &r.Size, &r.Error); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// truncate cuts s to at most n bytes at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

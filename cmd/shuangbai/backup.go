package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/secret"
	"shuangbai/store"
)

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("backup", "", stderr)
	db := dbFlag(fs)
	to := fs.String("to", "", "备份文件路径（如 /srv/backup/shuangbai-20240301.sbak）")
	kf := addKeyFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("请用 --to 指定备份文件")
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := useKey(ctx, st, *db, kf, stdout); err != nil {
		return err
	}
	m, size, err := backupTo(ctx, st, *to)
	if err != nil {
		return err
	}
	var rows int64
	for _, t := range m.Tables {
		rows += t.Rows
	}
	fmt.Fprintf(stdout, "已备份到 %s（%d 字节；结构版本 %d，%d 张表，共 %d 行）。密钥不在备份中：请另行保管密钥文件\n",
		*to, size, m.SchemaVersion, len(m.Tables), rows)
	return nil
}

// backupTo writes a backup to path through a temporary file beside it, so
// that an interrupted backup never leaves a file that looks whole.
func backupTo(ctx context.Context, st *store.DB, path string) (store.BackupManifest, int64, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return store.BackupManifest{}, 0, fmt.Errorf("无法创建备份目录: %w", err)
	}
	f, err := os.CreateTemp(dir, ".shuangbai-backup-*.tmp")
	if err != nil {
		return store.BackupManifest{}, 0, fmt.Errorf("无法写入备份: %w", err)
	}
	defer os.Remove(f.Name())
	m, err := st.Backup(ctx, f, dir)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return m, 0, fmt.Errorf("备份失败: %w", err)
	}
	fi, err := os.Stat(f.Name())
	if err != nil {
		return m, 0, err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return m, 0, err
	}
	return m, fi.Size(), nil
}

func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("restore", "备份文件", stderr)
	db := dbFlag(fs)
	replace := fs.Bool("replace", false, "替换已有数据的数据库（SQLite 原文件保留为 .before-restore）")
	kf := addKeyFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("用法: shuangbai restore [--db 数据库] [--replace] 备份文件（恢复前请先停止服务）")
	}
	key, err := restoreKey(*db, *kf.file)
	if err != nil {
		return err
	}
	box, err := secret.New(secret.Algorithm(*kf.cipher), key)
	if err != nil {
		return fmt.Errorf("加密设置: %w", err)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := store.Restore(ctx, *db, f, store.RestoreOptions{Box: box, Replace: *replace})
	if err != nil {
		return fmt.Errorf("未恢复: %w", err)
	}
	fmt.Fprintf(stdout, "已从 %s 恢复（备份于 %s，结构版本 %d，%d 张表的行数和校验和均与清单一致）\n",
		fs.Arg(0), m.Created.In(shuangbai.China).Format("2006-01-02 15:04:05"), m.SchemaVersion, len(m.Tables))
	return nil
}

// restoreKey finds the key as serve does, but never makes one: a restore
// without the backup's key would put back data no one can read.
func restoreKey(dsn, path string) ([]byte, error) {
	if env := os.Getenv("SHUANGBAI_KEY"); env != "" {
		key, err := secret.ParseKey(env)
		if err != nil {
			return nil, fmt.Errorf("加密密钥: %w", err)
		}
		return key, nil
	}
	if path == "" && strings.Contains(dsn, "://") {
		return nil, errors.New("使用 PostgreSQL 时须用 --key-file 或 SHUANGBAI_KEY 指定加密密钥")
	}
	if path == "" {
		if _, err := os.Stat(dsn + ".key"); err == nil {
			return loadKeyFile(dsn + ".key")
		}
		var err error
		if path, err = defaultKeyPath(dsn); err != nil {
			return nil, err
		}
	}
	key, err := secret.LoadKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("找不到密钥文件 %s：请用 --key-file 或 SHUANGBAI_KEY 指定制作备份时的密钥", path)
	}
	if err != nil {
		return nil, fmt.Errorf("加密密钥: %w", err)
	}
	return key, nil
}

// backupSchedule is serve's --backup-every, --backup-dir and --keep.
type backupSchedule struct {
	every *time.Duration
	dir   *string
	keep  *int
}

func addBackupFlags(fs *flag.FlagSet) backupSchedule {
	return backupSchedule{
		every: fs.Duration("backup-every", envDuration("SHUANGBAI_BACKUP_EVERY", 0), "定时备份的间隔，如 24h；0 为不做定时备份 (env SHUANGBAI_BACKUP_EVERY)"),
		dir:   fs.String("backup-dir", envOr("SHUANGBAI_BACKUP_DIR", ""), "定时备份的目录（不要放密钥文件） (env SHUANGBAI_BACKUP_DIR)"),
		keep:  fs.Int("keep", envInt("SHUANGBAI_BACKUP_KEEP", 14), "保留最近几份定时备份 (env SHUANGBAI_BACKUP_KEEP)"),
	}
}

func (b backupSchedule) check() error {
	switch {
	case *b.every == 0:
		return nil
	case *b.every < time.Minute:
		return errors.New("--backup-every 至少为 1 分钟")
	case *b.dir == "":
		return errors.New("定时备份须用 --backup-dir 指定备份目录")
	case *b.keep < 1:
		return errors.New("--keep 至少为 1")
	}
	return os.MkdirAll(*b.dir, 0o700)
}

// backupFilePattern names scheduled backups; the time in the name (China's)
// sorts them, so the oldest are the ones --keep removes.
const backupFilePattern = "shuangbai-*.sbak"

// runBackups makes a backup every interval until ctx ends. The first comes
// at once when the last recorded one is older than an interval (or there is
// none), so a server restarted every night still backs up. Each result is
// recorded for the system administrator's page.
func runBackups(ctx context.Context, st *store.DB, b backupSchedule, log *slog.Logger) {
	every := *b.every
	wait := every
	if last, err := st.LastBackups(ctx, 1); err == nil && (len(last) == 0 || time.Since(last[0].Started) >= every) {
		wait = 0
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = every
		started := time.Now()
		name := filepath.Join(*b.dir, "shuangbai-"+started.In(shuangbai.China).Format("20060102-150405")+".sbak")
		_, size, err := backupTo(ctx, st, name)
		if ctx.Err() != nil {
			return // stopped mid-way: not a failure to report
		}
		run := store.BackupRun{Started: started, Finished: time.Now(), File: name, Size: size}
		if err != nil {
			run.Error = err.Error()
			log.Error("scheduled backup failed", "err", err)
		} else {
			log.Info("scheduled backup", "file", name, "bytes", size)
			if err := pruneBackups(*b.dir, *b.keep); err != nil {
				log.Warn("removing old backups", "err", err)
			}
		}
		if err := st.RecordBackup(ctx, run); err != nil {
			log.Error("recording backup result", "err", err)
		}
	}
}

// pruneBackups removes all but the newest keep scheduled backups in dir.
func pruneBackups(dir string, keep int) error {
	files, err := filepath.Glob(filepath.Join(dir, backupFilePattern))
	if err != nil {
		return err
	}
	sort.Strings(files)
	var errs []error
	for len(files) > keep {
		errs = append(errs, os.Remove(files[0]))
		files = files[1:]
	}
	return errors.Join(errs...)
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"shuangbai/secret"
	"shuangbai/store"
)

// keyFlags are the flags that say where the key protecting personal data
// comes from and which cipher seals new values.
type keyFlags struct {
	file   *string
	cipher *string
}

func addKeyFlags(fs *flag.FlagSet) keyFlags {
	return keyFlags{
		file: fs.String("key-file", envOr("SHUANGBAI_KEY_FILE", ""),
			"加密身份证号、电话的密钥文件（64 位十六进制）；默认为用户配置目录下的 shuangbai/<数据库文件名>.key（如 ~/.config/shuangbai/shuangbai.db.key），不与数据库放在一起 (env SHUANGBAI_KEY_FILE；或以 SHUANGBAI_KEY 直接给出密钥)"),
		cipher: fs.String("cipher", envOr("SHUANGBAI_CIPHER", string(secret.AES256GCM)), "加密算法: aes-256-gcm 或 sm4-gcm（国密） (env SHUANGBAI_CIPHER)"),
	}
}

// useKey loads the key, gives the store its box and seals the staff phone
// numbers still in the clear. With no key anywhere, a new key file is made
// only for a database that holds no sealed data yet: a new key for
// existing data would make it unreadable, so that is refused.
func useKey(ctx context.Context, st *store.DB, dsn string, kf keyFlags, stdout io.Writer) error {
	key, err := loadKey(ctx, st, dsn, *kf.file, stdout)
	if err != nil {
		return err
	}
	box, err := secret.New(secret.Algorithm(*kf.cipher), key)
	if err != nil {
		return fmt.Errorf("加密设置: %w", err)
	}
	st.UseBox(box)
	n, err := st.SealStaffPhones(ctx)
	if err != nil {
		return fmt.Errorf("加密工作人员电话: %w", err)
	}
	if n > 0 {
		fmt.Fprintf(stdout, "已加密保存 %d 名工作人员的电话号码（此前为明文）\n", n)
	}
	return nil
}

// loadKey finds the master key: SHUANGBAI_KEY, else the file named by
// --key-file, else, for SQLite, a key file beside the database left by an
// older version (read, with a warning to move it), else the default key
// file in the user's configuration folder, made when the database holds
// nothing sealed yet.
func loadKey(ctx context.Context, st *store.DB, dsn, path string, stdout io.Writer) ([]byte, error) {
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
		beside := dsn + ".key"
		if _, err := os.Stat(beside); err == nil {
			fmt.Fprintf(stdout, "警告：密钥文件 %s 与数据库放在同一目录，复制或备份该目录就同时带走了数据和密钥。"+
				"请把它移到 %s（移动后自动使用），或移到别处并用 --key-file 或 SHUANGBAI_KEY_FILE 指明；并另行备份\n", beside, defaultKeyHint(dsn))
			return loadKeyFile(beside)
		}
		var err error
		if path, err = defaultKeyPath(dsn); err != nil {
			return nil, err
		}
	}
	key, err := secret.LoadKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		if err != nil {
			return nil, fmt.Errorf("加密密钥: %w", err)
		}
		return key, nil
	}
	n, err := st.SealedRecords(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fmt.Errorf("找不到密钥文件 %s，而数据库中已有 %d 条加密的记录：请指定原来的密钥（--key-file 或 SHUANGBAI_KEY）", path, n)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("无法创建密钥目录: %w", err)
	}
	key, err = secret.GenerateKeyFile(path)
	if errors.Is(err, fs.ErrExist) {
		// Another process starting at the same moment made it first.
		return loadKeyFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("加密密钥: %w", err)
	}
	fmt.Fprintf(stdout, "已生成新的加密密钥 %s —— 请另行妥善备份（不要与数据库放在一起）：丢失密钥将无法读取身份证号和电话\n", path)
	return key, nil
}

func loadKeyFile(path string) ([]byte, error) {
	key, err := secret.LoadKey(path)
	if err != nil {
		return nil, fmt.Errorf("加密密钥: %w", err)
	}
	return key, nil
}

// defaultKeyPath is where the key of the SQLite database dsn lives unless
// told otherwise: the user's configuration folder (on Linux
// $XDG_CONFIG_HOME or ~/.config), shuangbai/<database file name>.key, in a
// folder only the owner may enter. Away from the data, so that a copy or
// backup of the data folder does not carry the key with it.
func defaultKeyPath(dsn string) (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("找不到存放密钥的用户配置目录（%v）：请用 --key-file 或 SHUANGBAI_KEY_FILE 指定密钥文件", err)
	}
	dir = filepath.Join(dir, "shuangbai")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("无法创建密钥目录 %s: %w", dir, err)
	}
	return filepath.Join(dir, filepath.Base(dsn)+".key"), nil
}

// defaultKeyHint names the default key path for a warning, without
// creating its folder.
func defaultKeyHint(dsn string) string {
	if dir, err := os.UserConfigDir(); err == nil {
		return filepath.Join(dir, "shuangbai", filepath.Base(dsn)+".key")
	}
	return "数据目录以外的地方"
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
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
			"加密身份证号、电话的密钥文件（64 位十六进制）；默认为数据库文件名加 .key (env SHUANGBAI_KEY_FILE；或以 SHUANGBAI_KEY 直接给出密钥)"),
		cipher: fs.String("cipher", envOr("SHUANGBAI_CIPHER", string(secret.AES256GCM)), "加密算法: aes-256-gcm 或 sm4-gcm（国密） (env SHUANGBAI_CIPHER)"),
	}
}

// useKey loads the key and gives the store its box. With no key anywhere, a
// new key file is made only for a database that holds no personal data yet:
// a new key for existing data would make it unreadable, so that is refused.
func useKey(ctx context.Context, st *store.DB, dsn string, kf keyFlags, stdout io.Writer) error {
	var key []byte
	var err error
	path := *kf.file
	switch {
	case os.Getenv("SHUANGBAI_KEY") != "":
		key, err = secret.ParseKey(os.Getenv("SHUANGBAI_KEY"))
	case path != "" || !strings.Contains(dsn, "://"):
		if path == "" {
			path = dsn + ".key"
		}
		key, err = secret.LoadKey(path)
		if errors.Is(err, fs.ErrNotExist) {
			n, cerr := st.PersonalRecords(ctx)
			if cerr != nil {
				return cerr
			}
			if n > 0 {
				return fmt.Errorf("找不到密钥文件 %s，而数据库中已有 %d 份加密的个人档案：请指定原来的密钥（--key-file 或 SHUANGBAI_KEY）", path, n)
			}
			if key, err = secret.GenerateKeyFile(path); err == nil {
				fmt.Fprintf(stdout, "已生成新的加密密钥 %s —— 请妥善备份：丢失密钥将无法读取身份证号和电话\n", path)
			}
		}
	default:
		return errors.New("使用 PostgreSQL 时须用 --key-file 或 SHUANGBAI_KEY 指定加密密钥")
	}
	if err != nil {
		return fmt.Errorf("加密密钥: %w", err)
	}
	box, err := secret.New(secret.Algorithm(*kf.cipher), key)
	if err != nil {
		return fmt.Errorf("加密设置: %w", err)
	}
	st.UseBox(box)
	return nil
}

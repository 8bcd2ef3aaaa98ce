package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"shuangbai/demo"
	"shuangbai/store"
	"shuangbai/web"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("demo", "", stderr)
	db := fs.String("db", envOr("SHUANGBAI_DB", "./data/demo.db"), "演示数据库：SQLite 文件路径，或 postgres:// 连接串 (env SHUANGBAI_DB)")
	addr := fs.String("addr", envOr("SHUANGBAI_ADDR", "127.0.0.1:8080"), "监听地址 (env SHUANGBAI_ADDR)")
	noServe := fs.Bool("load-only", false, "只生成演示数据库，不启动服务")
	kf := addKeyFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	fresh := true
	if !strings.Contains(*db, "://") {
		if fi, err := os.Stat(*db); err == nil && fi.Size() > 0 {
			fresh = false
		}
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := useKey(ctx, st, *db, kf, stdout); err != nil {
		return err
	}
	if fresh {
		fmt.Fprintln(stdout, "正在生成云浮市演示数据……")
		if err := demo.Load(ctx, st); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "使用已有的演示数据库 %s（删除该文件可重新生成）\n", *db)
	}
	fmt.Fprintf(stdout, "演示账号（密码均为 %s）:\n", demo.Password)
	for _, a := range demo.Accounts {
		fmt.Fprintf(stdout, "  %-16s %s（%s）\n", a.Username, a.Name, a.Role.Label())
	}
	if *noServe {
		return nil
	}
	st.SessionIdle = 30 * time.Minute
	return serve(ctx, st, *addr, web.Config{}, stdout, nil)
}

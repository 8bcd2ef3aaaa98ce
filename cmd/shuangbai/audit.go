package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"shuangbai"
	"shuangbai/store"
)

// cmdAudit checks the audit and access logs' hash chains: "audit verify"
// walks both from their first entries and names the first broken one.
func cmdAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("用法: shuangbai audit verify [--db 数据库]")
	}
	fs := flags("audit verify", "", stderr)
	db := dbFlag(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := st.VerifyChains(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{"audit_log": "操作日志", "access_log": "查阅记录"}
	for _, log := range []string{"audit_log", "access_log"} {
		fmt.Fprintf(stdout, "%s（%s）：已校验 %d 条\n", names[log], log, rep.Entries[log])
	}
	if len(rep.Breaks) == 0 {
		fmt.Fprintln(stdout, "校验通过：两条日志链完整，没有记录被修改、删除或插入。")
		return nil
	}
	for _, b := range rep.Breaks {
		if b.ID == 0 {
			fmt.Fprintf(stdout, "%s：%s\n", names[b.Log], b.Problem)
			continue
		}
		fmt.Fprintf(stdout, "%s：第一条有问题的记录是 #%d（%s，%s，%s）：%s\n", names[b.Log], b.ID,
			b.At.In(shuangbai.China).Format("2006-01-02 15:04:05"), b.Username, b.Action, b.Problem)
	}
	return errors.New("日志链校验未通过")
}

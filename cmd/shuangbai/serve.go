package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"shuangbai/store"
	"shuangbai/web"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("serve", "", stderr)
	db := dbFlag(fs)
	readDB := fs.String("read-db", envOr("SHUANGBAI_READ_DB", ""), "PostgreSQL 热备库（流复制只读副本）的 postgres:// 连接串：报表、看板、列表和搜索从它读取，写入和须看到本人最新修改的读取仍走 --db (env SHUANGBAI_READ_DB)")
	addr := fs.String("addr", envOr("SHUANGBAI_ADDR", "127.0.0.1:8080"), "监听地址 (env SHUANGBAI_ADDR)")
	dev := fs.Bool("dev", false, "开发模式：从磁盘读取模板，文本日志")
	secure := fs.Bool("secure-cookies", envOr("SHUANGBAI_SECURE_COOKIES", "") != "", "在 HTTPS 反向代理之后运行时设置：会话 Cookie 只经 HTTPS 发送 (env SHUANGBAI_SECURE_COOKIES)")
	idle := fs.Duration("idle-timeout", envDuration("SHUANGBAI_IDLE_TIMEOUT", 30*time.Minute), "多久没有操作自动退出登录 (env SHUANGBAI_IDLE_TIMEOUT)")
	proxies := fs.String("trusted-proxies", envOr("SHUANGBAI_TRUSTED_PROXIES", ""), "反向代理的地址，逗号分隔（如 10.0.0.1/32）：只信任它们转发的 X-Forwarded-For (env SHUANGBAI_TRUSTED_PROXIES)")
	kf := addKeyFlags(fs)
	// HTTPS: a certificate of the bureau's own, or a private CA made here.
	tlsCert := fs.String("tls-cert", envOr("SHUANGBAI_TLS_CERT", ""), "HTTPS 证书文件（PEM，含证书链） (env SHUANGBAI_TLS_CERT)")
	tlsKey := fs.String("tls-key", envOr("SHUANGBAI_TLS_KEY", ""), "HTTPS 私钥文件（PEM） (env SHUANGBAI_TLS_KEY)")
	tlsSelf := fs.String("tls-self-signed", envOr("SHUANGBAI_TLS_SELF_SIGNED", ""), "在此目录生成（或沿用）内网 CA 和服务器证书，启用 HTTPS (env SHUANGBAI_TLS_SELF_SIGNED)")
	tlsHosts := fs.String("tls-hosts", envOr("SHUANGBAI_TLS_HOSTS", ""), "与 --tls-self-signed 一起用：服务器证书上的域名和 IP，逗号分隔（如 192.168.1.10,shegong.local）；默认取 --addr 的地址和 localhost (env SHUANGBAI_TLS_HOSTS)")
	warm := fs.Bool("warm", envTrue("SHUANGBAI_WARM", true), "启动时在后台把数据库读入内存（SQLite 读数据库文件；PostgreSQL 用 pg_prewarm 扩展），免得重启后的头几个小时等磁盘；--warm=false 不读 (env SHUANGBAI_WARM=false)")
	backups := addBackupFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := backups.check(); err != nil {
		return err
	}
	tf, err := tlsFlags(*tlsCert, *tlsKey, *tlsSelf, *tlsHosts, *addr, stdout)
	if err != nil {
		return err
	}
	trusted, err := parsePrefixes(*proxies)
	if err != nil {
		return err
	}
	if *idle < time.Minute || *idle > 12*time.Hour {
		return errors.New("--idle-timeout 应在 1 分钟到 12 小时之间")
	}
	if *readDB != "" && !strings.HasPrefix(*db, "postgres://") && !strings.HasPrefix(*db, "postgresql://") {
		return errors.New("--read-db 只用于 PostgreSQL：--db 是 SQLite 文件，没有只读副本 (--read-db needs --db to be a PostgreSQL primary)")
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *readDB != "" {
		if err := st.UseReplica(ctx, *readDB, serverLog(*dev)); err != nil {
			return err
		}
	}
	st.SessionIdle = *idle
	if err := useKey(ctx, st, *db, kf, stdout); err != nil {
		return err
	}
	go housekeep(ctx, st, time.Hour, slog.New(slog.NewJSONHandler(os.Stderr, nil)))
	if *warm {
		go warmDB(ctx, st, slog.New(slog.NewJSONHandler(os.Stderr, nil)))
	}
	if *backups.every > 0 {
		go runBackups(ctx, st, backups, slog.New(slog.NewJSONHandler(os.Stderr, nil)))
		fmt.Fprintf(stdout, "定时备份：每 %s 一次，存于 %s，保留最近 %d 份\n", *backups.every, *backups.dir, *backups.keep)
	}
	return serveOn(ctx, st, *addr, web.Config{Dev: *dev, SecureCookies: *secure, TrustedProxies: trusted}, tf, stdout, nil)
}

// housekeep runs st.Housekeep at start and every interval until ctx ends.
func housekeep(ctx context.Context, st *store.DB, every time.Duration, log *slog.Logger) {
	for {
		h, err := st.Housekeep(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Error("housekeeping", "err", err)
		case h != store.Housekept{}:
			log.Info("housekeeping", "expired_sessions", h.Sessions, "old_idempotency_keys", h.IdempotencyKeys)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// warmDB reads the database into memory beside the first requests and
// says how it went: a province's database read from a cold disk by the
// requests themselves held 39 requests/s, where warm it holds 200 (see
// store.DB.Warm).
func warmDB(ctx context.Context, st *store.DB, log *slog.Logger) {
	w, err := st.Warm(ctx, nil)
	switch {
	case ctx.Err() != nil:
	case errors.Is(err, store.ErrNoPrewarm):
		log.Warn("数据库未预热：PostgreSQL 没有安装 pg_prewarm 扩展，请数据库管理员执行 CREATE EXTENSION pg_prewarm（或以 --warm=false 关闭此提示）", "err", err)
	case err != nil:
		log.Error("数据库预热失败", "err", err)
	default:
		log.Info("数据库已读入内存", "mb", w.Bytes>>20, "took", w.Took.Round(time.Millisecond).String())
	}
}

// serve runs the web server over plain HTTP on addr until ctx ends, then
// shuts it down gracefully. ready, when not nil, is called with the
// listening address.
func serve(ctx context.Context, st *store.DB, addr string, cfg web.Config, stdout io.Writer, ready func(string)) error {
	return serveOn(ctx, st, addr, cfg, nil, stdout, ready)
}

// serveOn is serve, over HTTPS when tf is not nil.
func serveOn(ctx context.Context, st *store.DB, addr string, cfg web.Config, tf *tlsFiles, stdout io.Writer, ready func(string)) error {
	cfg.DB, cfg.Logger = st, serverLog(cfg.Dev)
	h := cfg.Logger.Handler()
	srv, err := web.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s: %w", addr, err)
	}
	handler := srv.Handler()
	if tf != nil {
		handler = hsts(handler)
	}
	hs := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads of large rosters
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(h, slog.LevelWarn),
	}
	url := "http://" + ln.Addr().String()
	if tf != nil {
		url = "https://" + ln.Addr().String()
	}
	fmt.Fprintf(stdout, "双百系统已启动: %s （数据库: %s）\n", url, st.Engine())
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() {
		if tf != nil {
			errc <- hs.ServeTLS(ln, tf.cert, tf.key)
			return
		}
		errc <- hs.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serverLog is the server's log on stderr: JSON lines, or text in dev mode.
func serverLog(dev bool) *slog.Logger {
	if dev {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, nil))
}

// parsePrefixes reads a comma-separated list of addresses or CIDR prefixes.
func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("--trusted-proxies: %q 不是 IP 地址", f)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxies: %q 不是网段（如 10.0.0.0/8）", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// envInt reads an integer from the environment, or def.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// envDuration reads a duration from the environment, or def.
func envDuration(name string, def time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}

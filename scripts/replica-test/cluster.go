package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// cluster is one PostgreSQL server of the rehearsal, in a folder of its
// own under the run's temporary folder, run as the postgres user when the
// script runs as root (initdb refuses root).
type cluster struct {
	name string // "primary" or "standby"
	dir  string // its data folder
	port int
	h    *harness
}

// pgTool runs one of PostgreSQL's programs, as postgres when we are root.
func (h *harness) pgTool(ctx context.Context, name string, args ...string) *exec.Cmd {
	bin := filepath.Join(h.o.PGBin, name)
	var c *exec.Cmd
	if os.Geteuid() == 0 {
		c = exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	} else {
		c = exec.CommandContext(ctx, bin, args...)
	}
	c.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "PGCONNECT_TIMEOUT=5")
	c.Dir = h.dir
	return c
}

func (h *harness) runPG(ctx context.Context, name string, args ...string) error {
	out, err := h.pgTool(ctx, name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// ownDir gives the run's folder to postgres, who runs the servers.
func ownDir(dir string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("running as root needs a postgres user to run the servers: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(dir, uid, gid)
}

// portFree refuses a port already taken, which is most likely a cluster
// a killed run left behind.
func portFree(port int) error {
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return fmt.Errorf("port %d is taken (a cluster left by a killed run? stop it with pg_ctl -D /tmp/shuangbai-replica-*/primary stop, or pass -port): %v", port, err)
	}
	return ln.Close()
}

// initPrimary makes and starts the primary: its own cluster, so that
// stopping it for the failover stops no one else's server, with streaming
// replication allowed for trust on loopback only.
func (h *harness) initPrimary(ctx context.Context) (*cluster, error) {
	c := &cluster{name: "primary", dir: filepath.Join(h.dir, "primary"), port: h.o.Port, h: h}
	if err := portFree(c.port); err != nil {
		return nil, err
	}
	if err := h.runPG(ctx, "initdb", "-D", c.dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"); err != nil {
		return nil, err
	}
	conf := fmt.Sprintf(`
# replica-test
port = %d
listen_addresses = '127.0.0.1'
unix_socket_directories = '%s'
shared_buffers = 32MB
max_connections = 80
wal_level = replica
max_wal_senders = 4
wal_keep_size = 256MB
hot_standby = on
`, c.port, h.dir)
	if err := appendFile(filepath.Join(c.dir, "postgresql.conf"), conf); err != nil {
		return nil, err
	}
	hba := "local all all trust\nhost all all 127.0.0.1/32 trust\nlocal replication all trust\nhost replication all 127.0.0.1/32 trust\n"
	if err := os.WriteFile(filepath.Join(c.dir, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		return nil, err
	}
	return c, c.start(ctx)
}

// initStandby copies the primary with pg_basebackup -R (which writes
// primary_conninfo and standby.signal) and starts it on the next port.
func (h *harness) initStandby(ctx context.Context, p *cluster) (*cluster, error) {
	c := &cluster{name: "standby", dir: filepath.Join(h.dir, "standby"), port: h.o.Port + 1, h: h}
	if err := portFree(c.port); err != nil {
		return nil, err
	}
	if err := h.runPG(ctx, "pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(p.port), "-U", "postgres",
		"-D", c.dir, "-R", "-X", "stream", "-c", "fast"); err != nil {
		return nil, err
	}
	if err := appendFile(filepath.Join(c.dir, "postgresql.auto.conf"), fmt.Sprintf("port = %d\n", c.port)); err != nil {
		return nil, err
	}
	return c, c.start(ctx)
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (c *cluster) start(ctx context.Context) error {
	return c.h.runPG(ctx, "pg_ctl", "-D", c.dir, "-l", c.dir+".log", "-w", "-t", "120", "start")
}

// stop stops the server: mode fast (a planned switchover: the walsender
// sends every WAL record first) or immediate (a crash).
func (c *cluster) stop(ctx context.Context, mode string) error {
	return c.h.runPG(ctx, "pg_ctl", "-D", c.dir, "-m", mode, "-w", "-t", "120", "stop")
}

func (c *cluster) promote(ctx context.Context) error {
	return c.h.runPG(ctx, "pg_ctl", "-D", c.dir, "-w", "-t", "120", "promote")
}

// url is the connection URL of database db on the cluster.
func (c *cluster) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// open connects the script itself to database db.
func (c *cluster) open(db string) (*sql.DB, error) {
	d, err := sql.Open("pgx", c.url(db))
	if err != nil {
		return nil, err
	}
	d.SetMaxOpenConns(4)
	return d, nil
}

// waitCaughtUp waits until the standby has replayed everything the
// primary had written when the wait began.
func waitCaughtUp(ctx context.Context, p, s *sql.DB, bound time.Duration) error {
	var target string
	if err := p.QueryRowContext(ctx, `SELECT pg_current_wal_lsn()::text`).Scan(&target); err != nil {
		return err
	}
	deadline := time.Now().Add(bound)
	for {
		var done bool
		err := s.QueryRowContext(ctx, `SELECT pg_is_in_recovery() AND pg_last_wal_replay_lsn() >= $1::pg_lsn`, target).Scan(&done)
		if err == nil && done {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the standby has not replayed %s within %v (%v)", target, bound, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

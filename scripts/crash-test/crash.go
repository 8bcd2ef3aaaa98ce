package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

type options struct {
	Rounds   int
	Clients  int
	Bin      string
	Postgres string
	Seed     int64
	Log      io.Writer
}

// result is what a run measured.
type result struct {
	Engine    string
	Rounds    int
	Attempted int // requests sent
	Acked     int // 2xx answers received
	Stored    int // crash-test visits found after the last restart
	Unacked   int // stored although no answer arrived (sent, then killed)
	TermExit  time.Duration
	Took      time.Duration
	Checked   string // which integrity check ran
}

func (r result) String() string {
	return fmt.Sprintf("%s: %d rounds, %d requests, %d acknowledged, %d stored (%d without an answer), lost 0, duplicated 0; %s passed after every round; SIGTERM exit %v; %v",
		r.Engine, r.Rounds, r.Attempted, r.Acked, r.Stored, r.Unacked, r.Checked, r.TermExit.Round(time.Millisecond), r.Took.Round(time.Second))
}

// timeouts, wide for a loaded machine.
const (
	startTimeout = 60 * time.Second
	termBound    = 15 * time.Second // the server's own shutdown waits 10 s at most
)

type harness struct {
	o       options
	dir     string
	dsn     string
	env     []string
	token   string
	benefs  []int64
	db      *sql.DB
	rnd     *mrand.Rand
	acked   map[string]bool // findings of every acknowledged visit
	sent    int
	log     io.Writer
	checked string
}

func run(o options) (res result, err error) {
	start := time.Now()
	if o.Clients < 1 {
		o.Clients = 1
	}
	if o.Seed == 0 {
		o.Seed = time.Now().UnixNano()
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	h := &harness{o: o, acked: map[string]bool{}, rnd: mrand.New(mrand.NewPCG(uint64(o.Seed), 1)), log: o.Log}
	fmt.Fprintf(h.log, "seed %d\n", o.Seed)
	if h.dir, err = os.MkdirTemp("", "shuangbai-crash-"); err != nil {
		return res, err
	}
	defer os.RemoveAll(h.dir)
	cleanup, err := h.setup()
	if cleanup != nil {
		defer cleanup()
	}
	if err != nil {
		return res, err
	}
	res.Engine = "sqlite"
	if o.Postgres != "" {
		res.Engine = "postgres"
	}
	for i := 1; i <= o.Rounds; i++ {
		if err := h.killRound(i); err != nil {
			return res, fmt.Errorf("round %d: %w", i, err)
		}
		res.Rounds = i
	}
	if res.TermExit, err = h.termRound(); err != nil {
		return res, fmt.Errorf("SIGTERM: %w", err)
	}
	stored, err := h.check()
	if err != nil {
		return res, err
	}
	res.Attempted, res.Acked, res.Stored, res.Unacked = h.sent, len(h.acked), stored, stored-len(h.acked)
	res.Took, res.Checked = time.Since(start), h.checked
	return res, nil
}

// setup builds the binary when none is given, loads the demo and takes a
// token of the demo's social worker and the files she may visit.
func (h *harness) setup() (cleanup func(), err error) {
	key := make([]byte, 32)
	rand.Read(key)
	h.env = append(os.Environ(), "SHUANGBAI_KEY="+hex.EncodeToString(key), "XDG_CONFIG_HOME="+filepath.Join(h.dir, "config"),
		"SHUANGBAI_DB=", "SHUANGBAI_ADDR=", "SHUANGBAI_KEY_FILE=")
	if h.o.Bin == "" {
		h.o.Bin = filepath.Join(h.dir, "shuangbai")
		build := exec.Command("go", "build", "-o", h.o.Bin, "shuangbai/cmd/shuangbai")
		if out, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	driver := "sqlite"
	if h.o.Postgres != "" {
		b := make([]byte, 5)
		rand.Read(b)
		schema := "crash_" + hex.EncodeToString(b)
		admin, err := sql.Open("pgx", h.o.Postgres)
		if err != nil {
			return nil, err
		}
		if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
			admin.Close()
			return nil, err
		}
		cleanup = func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE"); admin.Close() }
		u, err := url.Parse(h.o.Postgres)
		if err != nil {
			return cleanup, err
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		h.dsn, driver = u.String(), "pgx"
	} else {
		h.dsn = filepath.Join(h.dir, "crash.db")
	}
	if out, err := h.cmd("demo", "--load-only", "--db", h.dsn).CombinedOutput(); err != nil {
		return cleanup, fmt.Errorf("demo: %v\n%s", err, out)
	}
	out, err := h.cmd("token", "create", "--db", h.dsn, "--user", "hekou-sw").Output()
	if err != nil {
		return cleanup, fmt.Errorf("token: %v", err)
	}
	h.token = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	src := h.dsn
	if driver == "sqlite" {
		src = "file:" + h.dsn + "?_pragma=busy_timeout(10000)"
	}
	if h.db, err = sql.Open(driver, src); err != nil {
		return cleanup, err
	}
	prev := cleanup
	cleanup = func() {
		h.db.Close()
		if prev != nil {
			prev()
		}
	}
	rows, err := h.db.Query(`SELECT id FROM beneficiaries WHERE region LIKE '445302003%' ORDER BY id LIMIT ` + fmt.Sprint(h.o.Clients))
	if err != nil {
		return cleanup, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		h.benefs = append(h.benefs, id)
	}
	if len(h.benefs) < h.o.Clients {
		return cleanup, fmt.Errorf("the demo has %d files in 河口街道, want %d", len(h.benefs), h.o.Clients)
	}
	return cleanup, rows.Err()
}

func (h *harness) cmd(args ...string) *exec.Cmd {
	c := exec.Command(h.o.Bin, args...)
	c.Env = h.env
	return c
}

// server is one running shuangbai serve.
type server struct {
	cmd  *exec.Cmd
	addr string
	done chan error
}

func (h *harness) start() (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &server{cmd: h.cmd("serve", "--db", h.dsn, "--addr", addr), addr: addr, done: make(chan error, 1)}
	var logs bytes.Buffer
	s.cmd.Stdout, s.cmd.Stderr = &logs, &logs
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.done <- s.cmd.Wait() }()
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("serve exited at start: %v\n%s", err, logs.String())
		default:
		}
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.cmd.Process.Kill()
	return nil, fmt.Errorf("serve did not answer within %v\n%s", startTimeout, logs.String())
}

// post records one visit; it reports whether a 2xx answer arrived whole.
func (h *harness) post(c *http.Client, addr string, benef int64, findings string) (bool, error) {
	body, _ := json.Marshal(map[string]any{"beneficiary_id": benef, "kind": "phone", "findings": findings})
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/visits", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		return false, err
	}
	defer res.Body.Close()
	if _, err := io.ReadAll(res.Body); err != nil {
		return false, err
	}
	if res.StatusCode/100 != 2 {
		return false, fmt.Errorf("HTTP %d", res.StatusCode)
	}
	return true, nil
}

// killRound starts the server, has the clients write, kills it at a random
// moment and checks the database.
func (h *harness) killRound(round int) error {
	s, err := h.start()
	if err != nil {
		return err
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var failure error
	killed := make(chan struct{})
	for ci := range h.o.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &http.Client{Timeout: 30 * time.Second}
			for n := 0; ; n++ {
				f := fmt.Sprintf("crash r%d c%d n%d", round, ci, n)
				mu.Lock()
				h.sent++
				mu.Unlock()
				ok, err := h.post(c, s.addr, h.benefs[ci], f)
				select {
				case <-killed:
					if ok { // answered before the kill landed: it counts
						mu.Lock()
						h.acked[f] = true
						mu.Unlock()
					}
					return
				default:
				}
				mu.Lock()
				if ok {
					h.acked[f] = true
				} else if failure == nil {
					failure = fmt.Errorf("client %d before the kill: %v", ci, err)
				}
				mu.Unlock()
				if !ok {
					return
				}
			}
		}()
	}
	time.Sleep(time.Duration(50+h.rnd.IntN(1000)) * time.Millisecond)
	// Errors from here on are the kill's: mark it before it lands.
	close(killed)
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	<-s.done
	wg.Wait()
	if failure != nil {
		return failure
	}
	n, err := h.check()
	if err != nil {
		return err
	}
	fmt.Fprintf(h.log, "round %d: %d acknowledged so far, %d stored\n", round, len(h.acked), n)
	return nil
}

// termRound sends SIGTERM while one request is half sent: it must finish
// with 201, a new connection must be refused, and the process must exit
// within termBound.
func (h *harness) termRound() (time.Duration, error) {
	s, err := h.start()
	if err != nil {
		return 0, err
	}
	defer s.cmd.Process.Kill()
	body, _ := json.Marshal(map[string]any{"beneficiary_id": h.benefs[0], "kind": "phone", "findings": "crash sigterm in flight"})
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", "http://"+s.addr+"/api/v1/visits", pr)
	req.ContentLength = int64(len(body))
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "application/json")
	type answer struct {
		code int
		err  error
	}
	ans := make(chan answer, 1)
	c := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	go func() {
		res, err := c.Do(req)
		if err != nil {
			ans <- answer{0, err}
			return
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		ans <- answer{res.StatusCode, nil}
	}()
	half := len(body) / 2
	if _, err := pw.Write(body[:half]); err != nil {
		return 0, err
	}
	time.Sleep(300 * time.Millisecond) // the server is now reading this body
	sent := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return 0, err
	}
	// New connections are refused once the listener is closed.
	refused := false
	for time.Since(sent) < 5*time.Second {
		conn, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err != nil {
			refused = true
			break
		}
		conn.Close()
		time.Sleep(20 * time.Millisecond)
	}
	if !refused {
		return 0, errors.New("new connections still accepted 5 s after SIGTERM")
	}
	if _, err := pw.Write(body[half:]); err != nil {
		return 0, fmt.Errorf("the request in flight was cut: %w", err)
	}
	pw.Close()
	a := <-ans
	if a.err != nil || a.code != http.StatusCreated {
		return 0, fmt.Errorf("the request in flight got %d %v, want 201", a.code, a.err)
	}
	h.acked["crash sigterm in flight"] = true
	select {
	case err := <-s.done:
		took := time.Since(sent)
		if took > termBound {
			return took, fmt.Errorf("exited %v after SIGTERM, bound %v", took, termBound)
		}
		if err != nil {
			return took, fmt.Errorf("exit after SIGTERM: %v", err)
		}
		return took, nil
	case <-time.After(termBound):
		return 0, fmt.Errorf("still running %v after SIGTERM", termBound)
	}
}

// check restarts nothing itself: it reads the database the killed server
// left, as the next start will, and counts the crash-test visits.
func (h *harness) check() (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := h.integrity(ctx); err != nil {
		return 0, err
	}
	rows, err := h.db.QueryContext(ctx, `SELECT findings, COUNT(*) FROM visits WHERE findings LIKE 'crash %' GROUP BY findings`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	stored := map[string]int{}
	total := 0
	for rows.Next() {
		var f string
		var n int
		if err := rows.Scan(&f, &n); err != nil {
			return 0, err
		}
		stored[f] = n
		total += n
		if n > 1 {
			return 0, fmt.Errorf("visit %q stored %d times", f, n)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var lost []string
	for f := range h.acked {
		if stored[f] != 1 {
			lost = append(lost, f)
		}
	}
	if len(lost) > 0 {
		return 0, fmt.Errorf("%d acknowledged visits lost, e.g. %q", len(lost), lost[0])
	}
	return total, nil
}

func (h *harness) integrity(ctx context.Context) error {
	if h.o.Postgres == "" {
		var ok string
		if err := h.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil {
			return err
		}
		if ok != "ok" {
			return fmt.Errorf("integrity_check: %s", ok)
		}
		h.checked = "PRAGMA integrity_check"
		return nil
	}
	if _, err := h.db.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA public"); err != nil {
		h.checked = "none (amcheck is not installed)" // PostgreSQL's own WAL replay is the check
		return nil
	}
	_, err := h.db.ExecContext(ctx, `SELECT public.bt_index_check(c.oid) FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
		WHERE c.relnamespace = current_schema()::regnamespace AND a.amname = 'btree'`)
	if err != nil {
		return fmt.Errorf("amcheck: %w", err)
	}
	h.checked = "amcheck bt_index_check on every index"
	return nil
}

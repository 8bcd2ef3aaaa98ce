// Command bench regenerates bench/RESULTS.md: each main read and write
// through the real HTTP server (in this process, on loopback, with real API
// tokens) beside the best hand-written SQL for the same answer on the same
// database, at three sizes and on both engines; the bulk loader's rate
// beside the raw engine's; and a bounded load run of 200 users.
//
//	go run ./bench -sizes county,city -engines sqlite,postgres
//
// Databases are generated on first use (gen.Sizes) and kept: SQLite files
// in -sqlite-dir, PostgreSQL databases named by -pg with %s for the size.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"shuangbai/secret"
)

func main() {
	sizes := flag.String("sizes", "county,city", "sizes to run: county,city,province")
	engines := flag.String("engines", "sqlite,postgres", "engines to run")
	dir := flag.String("sqlite-dir", "/tmp/shuangbai-bench", "folder of the SQLite databases (<size>.db)")
	pg := flag.String("pg", "postgres://postgres@127.0.0.1:5432/gh_%s?sslmode=disable", "PostgreSQL URL, %s for the size (the database must exist)")
	key := flag.String("key", strings.Repeat("5b", 32), "hex key the generated data is sealed with")
	n := flag.Int("n", 51, "calls per read (median and p90 of these)")
	budget := flag.Duration("budget", 8*time.Second, "at most this long per read and side")
	out := flag.String("out", "bench/RESULTS.md", "report to write")
	load := flag.String("load", "", "size to run the load test on, on each engine (\"\" for none)")
	loadUsers := flag.Int("load-users", 200, "simulated users")
	loadReqs := flag.Int("load-requests", 20000, "at most this many requests")
	loadSecs := flag.Duration("load-time", 60*time.Second, "at most this long")
	loadWarm := flag.Duration("load-warmup", 10*time.Second, "counted apart before the run's bounds start")
	think := flag.Duration("think", time.Second, "mean pause of a user between requests (0: none)")
	noWrites := flag.Bool("no-writes", false, "skip the writes (a database that must not change)")
	only := flag.String("only", "", "run only the reads and writes whose name contains this (for profiling)")
	cpuProfile := flag.String("cpuprofile-all", "", "write a CPU profile of the whole run (reads and writes: server, client and SQL sides) to this file")
	loadCold := flag.Bool("load-cold", false, "with -load, put the database's files out of the page cache before the run, as after a reboot")
	loadPrewarm := flag.Bool("load-prewarm", false, "with -load, read the database into memory with store.DB.Warm before the run (as serve does at start)")
	loadOnly := flag.Bool("load-only", false, "with -load, run only the load on that size: no reads, writes or bulk rate")
	var prof profiles
	flag.StringVar(&prof.cpu, "cpuprofile", "", "write a CPU profile of the load run here (labelled by request kind)")
	flag.StringVar(&prof.block, "blockprofile", "", "write a block profile of the load run here")
	flag.StringVar(&prof.trace, "trace", "", "write an execution trace of the load run here (go tool trace -pprof=sched|syscall|sync)")
	flag.StringVar(&prof.mutex, "mutexprofile", "", "write a mutex profile of the load run here")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	k, err := secret.ParseKey(*key)
	if err != nil {
		fail(err)
	}
	box, err := secret.New(secret.AES256GCM, k)
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	rep := &report{start: time.Now(), load0: loadAvg()}
	for _, engine := range strings.Split(*engines, ",") {
		for _, size := range strings.Split(*sizes, ",") {
			if *loadOnly && size != *load {
				continue
			}
			dsn := *dir + "/" + size + ".db"
			if engine == "postgres" {
				dsn = fmt.Sprintf(*pg, size)
			} else {
				os.MkdirAll(*dir, 0o755)
			}
			t, err := open(ctx, engine, size, dsn, box, os.Stderr)
			if err != nil {
				fail(fmt.Errorf("%s %s: %w", engine, size, err))
			}
			if !*loadOnly {
				run := runReads(ctx, t, *n, *budget, !*noWrites, *only)
				if *only != "" {
					// a focused run measures only what it names
				} else if lr, err := bulkRate(ctx, t); err != nil {
					fmt.Fprintln(os.Stderr, "bulk rate:", err)
				} else {
					run.bulk = lr
				}
				rep.runs = append(rep.runs, run)
			}
			if size == *load {
				lr, err := runLoad(ctx, t, loadConfig{users: *loadUsers, requests: *loadReqs, seconds: *loadSecs, think: *think, warmup: *loadWarm, cold: *loadCold, prewarm: *loadPrewarm}, prof)
				if err != nil {
					fail(fmt.Errorf("load %s: %w", engine, err))
				}
				rep.loads = append(rep.loads, lr)
				fmt.Fprintf(os.Stderr, "load %s %s: %d requests, %.0f/s, %d errors\n", engine, size, lr.n, float64(lr.n)/lr.took.Seconds(), lr.errs)
			}
			t.close()
		}
	}
	rep.load1 = loadAvg()
	var buf bytes.Buffer
	rep.write(&buf)
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fail(err)
	}
	fmt.Fprintln(os.Stderr, "wrote", *out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// machine describes where the figures were taken.
func machine() string {
	cpu := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(l[strings.Index(l, ":")+1:])
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(string(b))
		if len(f) > 1 {
			var kb int
			fmt.Sscan(f[1], &kb)
			mem = fmt.Sprintf(", %.1f GB memory", float64(kb)/1e6)
		}
	}
	return fmt.Sprintf("%s, %d cores%s, %s %s/%s", cpu, runtime.NumCPU(), mem, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func commit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "?"
	}
	s := strings.TrimSpace(string(out))
	if d, _ := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); len(d) > 0 {
		s += " (with uncommitted changes)"
	}
	return s
}

// quantile of sorted durations.
func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

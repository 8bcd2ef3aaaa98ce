// Command replica-test rehearses Shuangbai on PostgreSQL streaming
// replication with the real binary: it makes a primary cluster of its own
// (initdb, port 5433) holding the demo, a hot standby of it (pg_basebackup
// -R, port 5434), and then
//
//  1. runs `serve --db PRIMARY --read-db STANDBY` beside a `serve --db
//     PRIMARY`, sends both the same report, dashboard, list, search and
//     map reads through HTTP, checks the answers are equal and that the
//     standby answered them (its pg_stat_database counters);
//  2. delays the standby's replay by 3 s and checks that a social worker
//     reads back her own visit at once while another user's read of the
//     same list comes from the (late) standby;
//  3. measures the replication lag, in bytes and seconds, while API
//     clients write visits and read reports;
//  4. stops the standby under reads, which must all still answer, and
//     starts it again, which the server must take back into use;
//  5. fails over: API clients write visits, the primary is stopped, the
//     standby promoted, serve restarted on it, and every acknowledged
//     (2xx) visit must be there exactly once.
//
// The clusters and their folder are removed at the end, on failure, and on
// Ctrl-C. The shared server on 5432 is not touched: the failover stops the
// primary, which must therefore be the rehearsal's own.
//
//	go run ./scripts/replica-test
//	go run ./scripts/replica-test -stop immediate          # the primary crashes: asynchronous replication may lose the last writes
//	go run ./scripts/replica-test -stop immediate -sync    # synchronous replication: it must lose none
//
// Running as root, the servers run as the postgres user (runuser).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	var o options
	flag.StringVar(&o.PGBin, "pgbin", "/usr/lib/postgresql/15/bin", "PostgreSQL's programs (initdb, pg_ctl, pg_basebackup)")
	flag.IntVar(&o.Port, "port", 5433, "the primary's port; the standby takes the next")
	flag.StringVar(&o.Bin, "bin", "", "the shuangbai binary (default: go build ./cmd/shuangbai)")
	flag.IntVar(&o.Clients, "clients", 8, "concurrent API clients under load")
	flag.DurationVar(&o.LoadTime, "load-time", 20*time.Second, "how long the load with writes runs while the lag is measured")
	flag.StringVar(&o.Stop, "stop", "fast", "how the primary is stopped for the failover: fast (a planned switchover) or immediate (a crash)")
	flag.BoolVar(&o.Sync, "sync", false, "synchronous replication (synchronous_standby_names = '*')")
	flag.BoolVar(&o.Keep, "keep", false, "keep the clusters' folder (stopped) for a look afterwards")
	flag.Parse()
	if o.Stop != "fast" && o.Stop != "immediate" {
		fmt.Fprintln(os.Stderr, "replica-test: -stop is fast or immediate")
		os.Exit(2)
	}
	o.Log = os.Stdout
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := run(ctx, o)
	fmt.Print(res)
	if err != nil {
		fmt.Fprintln(os.Stderr, "replica-test:", err)
		os.Exit(1)
	}
}

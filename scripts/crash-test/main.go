// Command crash-test kills the real server in the middle of writes and
// checks that nothing acknowledged was lost. Each round starts the built
// binary on the demo database, lets several API clients record visits,
// kills the process with SIGKILL at a random moment, restarts it, and
// checks that every visit whose HTTP 2xx answer arrived is stored exactly
// once, that no visit is stored twice, and that the database passes
// PRAGMA integrity_check (PostgreSQL: amcheck's bt_index_check on every
// index, where the extension is installed). A last round stops the server
// with SIGTERM while a request is half sent: that request must finish, a
// new connection must be refused, and the process must exit in time.
//
//	go run ./scripts/crash-test -rounds 100
//	go run ./scripts/crash-test -rounds 100 -postgres 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
//
// Traffic goes to 127.0.0.1 only. The test beside it runs 5 rounds in CI.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	var o options
	flag.IntVar(&o.Rounds, "rounds", 100, "SIGKILL rounds")
	flag.IntVar(&o.Clients, "clients", 4, "concurrent API clients")
	flag.StringVar(&o.Bin, "bin", "", "the shuangbai binary (default: go build ./cmd/shuangbai)")
	flag.StringVar(&o.Postgres, "postgres", "", "run on a new schema of this PostgreSQL database instead of SQLite")
	flag.Int64Var(&o.Seed, "seed", 0, "random seed (0: from the clock)")
	flag.Parse()
	o.Log = os.Stdout
	res, err := run(o)
	fmt.Println(res)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash-test:", err)
		os.Exit(1)
	}
}

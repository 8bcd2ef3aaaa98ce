package main

import (
	"os"
	"testing"
	"time"
)

// TestReplica runs the whole rehearsal when SHUANGBAI_REPLICA_TEST=1: it
// needs PostgreSQL 15's programs, two free ports (5433, 5434) and about
// 90 s on the 2-core machine, so a plain go test skips it.
func TestReplica(t *testing.T) {
	if os.Getenv("SHUANGBAI_REPLICA_TEST") != "1" {
		t.Skip("set SHUANGBAI_REPLICA_TEST=1 to start a primary and a standby of the rehearsal's own")
	}
	res, err := run(t.Context(), options{PGBin: "/usr/lib/postgresql/15/bin", Port: 5433, Clients: 8, LoadTime: 10 * time.Second, Stop: "fast", Log: t.Output()})
	t.Log(res)
	if err != nil {
		t.Fatal(err)
	}
}

package main

import (
	"os"
	"testing"
)

// TestCrash runs five SIGKILL rounds and the SIGTERM round on SQLite, or
// on PostgreSQL when SHUANGBAI_TEST_POSTGRES is set, like the storage tests
// (test.sh runs it in both passes); the script runs 100.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills the real binary")
	}
	res, err := run(options{Rounds: 5, Clients: 4, Postgres: os.Getenv("SHUANGBAI_TEST_POSTGRES"), Log: t.Output()})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res)
	if res.Acked == 0 {
		t.Fatal("no write was acknowledged: the rounds tested nothing")
	}
}

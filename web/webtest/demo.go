package webtest

import (
	"testing"

	"shuangbai/demo"
	"shuangbai/store/storetest"
)

// Demo returns a server on the Yunfu demo data, whose progress table for
// 2021-08-09 is the seed's. Its accounts are the demo's, with
// demo.Password hashed at Cost. Loading it takes a second or two, so tests
// share one per test function and run their cases in parallel.
func Demo(t testing.TB) *Fixture {
	t.Helper()
	db := storetest.Open(t)
	if err := demo.LoadCost(t.Context(), db, Cost); err != nil {
		t.Fatal(err)
	}
	f := &Fixture{T: t, DB: db, password: demo.Password, clients: map[string]*Client{}}
	f.Srv = Server(t, f.Config())
	return f
}

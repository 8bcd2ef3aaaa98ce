package web_test

import (
	"slices"
	"strings"
	"testing"

	"shuangbai/web/webtest"
)

// TestLagTolerantRoutes: the routes whose reads may come from the read
// replica are reads — GETs, and the exports' POSTs, which only log who was
// exported — of lists, reports and searches, never one record's own page
// (which must show its latest state), nor the sign-in, account and
// administration pages.
func TestLagTolerantRoutes(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	lag := f.Srv.LagTolerant()
	if len(lag) < 40 {
		t.Fatalf("%d routes marked lagOK; routes.go marks the reports, lists, search, exports and map", len(lag))
	}
	exports := []string{"POST /beneficiaries.xlsx", "POST /beneficiaries.csv", "POST /worklist.xlsx", "POST /worklist.csv"}
	for _, p := range lag {
		method, path, _ := strings.Cut(p, " ")
		switch {
		case method != "GET" && !slices.Contains(exports, p):
			t.Errorf("%s may read from the replica but is a %s", p, method)
		case strings.Contains(path, "{") && path != "/{$}":
			t.Errorf("%s names a record: its page must show the record's latest state", p)
		}
		for _, own := range []string{"/login", "/account", "/users", "/security", "/audit", "/access-log", "/alerts", "/offline", "/settings", "/api/v1/me"} {
			if strings.HasPrefix(path, own) {
				t.Errorf("%s may read from the replica", p)
			}
		}
	}
	for _, want := range []string{"GET /reports/progress", "GET /api/v1/dashboard", "GET /reports/outcomes", "GET /beneficiaries", "GET /search", "GET /map", "POST /beneficiaries.xlsx"} {
		if !slices.Contains(lag, want) {
			t.Errorf("%s is not marked lagOK", want)
		}
	}
}

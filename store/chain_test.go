package store_test

import (
	"strconv"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestAuditChain writes audited changes and access entries, checks the
// chains hold, then tampers with the database by hand as an insider with
// SQL access would: each edit is found, and named by its entry.
func TestAuditChain(t *testing.T) {
	ctx := t.Context()
	fresh := func(t *testing.T) (*store.DB, int64) {
		t.Helper()
		db := storetest.Open(t)
		storetest.Yunfu(t, db)
		st := storetest.Station(t, db, "445302003", "河口街道社工站", d20210101)
		storetest.Station(t, db, "445381004", "双东街道社工站", d20210101)
		st.Name = "河口街道社会工作服务站"
		if err := db.UpdateStation(ctx, shuangbai.SystemUser, st); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if err := db.LogAccess(ctx, shuangbai.SystemUser, store.AccessView, 0, "445302", "", "档案"); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := db.VerifyChains(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Breaks) > 0 || rep.Entries["audit_log"] < 3 || rep.Entries["access_log"] != 3 {
			t.Fatalf("untouched logs: %+v", rep)
		}
		second, err := db.RawForTest(ctx, "SELECT CAST(id AS TEXT) FROM audit_log ORDER BY id LIMIT 1 OFFSET 1")
		if err != nil {
			t.Fatal(err)
		}
		id, err := strconv.ParseInt(second, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return db, id
	}
	for _, tt := range []struct {
		name    string
		tamper  func(id int64) string
		log     string
		wantID  bool // the break names the entry; else the log's end
		problem string
	}{
		{"an entry's content edited", func(id int64) string {
			return "UPDATE audit_log SET after = '{\"Name\":\"改过\"}' WHERE id = " + itoa(id)
		}, "audit_log", true, "内容与校验值不符"},
		{"an entry's author edited", func(id int64) string {
			return "UPDATE audit_log SET username = 'someone' WHERE id = " + itoa(id)
		}, "audit_log", true, "内容与校验值不符"},
		{"an entry deleted", func(id int64) string { return "DELETE FROM audit_log WHERE id = " + itoa(id) }, "audit_log", true, "链接断开"},
		{"the newest access entry deleted", func(int64) string {
			return "DELETE FROM access_log WHERE id = (SELECT MAX(id) FROM access_log)"
		}, "access_log", false, "最新的记录被删除"},
		{"an entry rehashed without its successor", func(id int64) string {
			return "UPDATE audit_log SET hash = 'sha256:00' WHERE id = " + itoa(id)
		}, "audit_log", true, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, id := fresh(t)
			if err := db.ExecForTest(ctx, tt.tamper(id)); err != nil {
				t.Fatal(err)
			}
			rep, err := db.VerifyChains(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Breaks) != 1 {
				t.Fatalf("breaks = %+v, want one in %s", rep.Breaks, tt.log)
			}
			b := rep.Breaks[0]
			if b.Log != tt.log || !strings.Contains(b.Problem, tt.problem) {
				t.Errorf("break = %+v, want %s: %s", b, tt.log, tt.problem)
			}
			if tt.wantID && b.ID < id {
				t.Errorf("break at entry %d, want the tampered entry %d or the one after it", b.ID, id)
			}
			if !tt.wantID && b.ID != 0 {
				t.Errorf("break at entry %d, want the log's end", b.ID)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestAuditChainSealsOlderEntries: a database whose logs were written before
// they were chains (entries with no hash) is sealed once, at the next start,
// and verifies clean after.
func TestAuditChainSealsOlderEntries(t *testing.T) {
	ctx := t.Context()
	dsn := storetest.DSN(t)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Yunfu(t, db)
	storetest.Station(t, db, "445302003", "河口街道社工站", d20210101)
	if err := db.LogAccess(ctx, shuangbai.SystemUser, store.AccessView, 0, "445302", "", "档案"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit_log SET prev_hash = '', hash = ''", "UPDATE access_log SET prev_hash = '', hash = ''",
		"UPDATE audit_chain SET head = '', entries = 0, sealed = 0"} {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if rep, err := db.VerifyChains(ctx); err != nil || len(rep.Breaks) == 0 {
		t.Fatalf("unsealed logs verify as %+v, %v; want breaks", rep, err)
	}
	db.Close()
	db, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep, err := db.VerifyChains(ctx)
	if err != nil || len(rep.Breaks) > 0 || rep.Entries["audit_log"] == 0 || rep.Entries["access_log"] != 1 {
		t.Fatalf("after sealing: %+v, %v", rep, err)
	}
}

// TestVerifyChainsAfter: a walk from an earlier report's ends reads only
// the entries written since, counts the same as a full walk, and still
// finds an entry after the ends edited; from a report without ends it
// walks from the start.
func TestVerifyChainsAfter(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	storetest.Station(t, db, "445302003", "河口街道社工站", d20210101)
	first, err := db.VerifyChains(ctx)
	if err != nil || len(first.Breaks) > 0 {
		t.Fatalf("first walk: %+v, %v", first, err)
	}
	storetest.Station(t, db, "445381004", "双东街道社工站", d20210101)
	if err := db.LogAccess(ctx, shuangbai.SystemUser, store.AccessView, 0, "445302", "", "档案"); err != nil {
		t.Fatal(err)
	}
	full, err := db.VerifyChains(ctx)
	if err != nil {
		t.Fatal(err)
	}
	after, err := db.VerifyChainsAfter(ctx, first)
	if err != nil || len(after.Breaks) > 0 {
		t.Fatalf("walk on: %+v, %v", after, err)
	}
	for _, log := range []string{"audit_log", "access_log"} {
		if after.Entries[log] != full.Entries[log] || after.Ends[log] != full.Ends[log] {
			t.Errorf("%s: walk on %d entries ending %+v, full walk %d ending %+v", log, after.Entries[log], after.Ends[log], full.Entries[log], full.Ends[log])
		}
	}
	if full.Entries["audit_log"] <= first.Entries["audit_log"] || full.Entries["access_log"] != 1 {
		t.Fatalf("entries: first %v, full %v", first.Entries, full.Entries)
	}
	// An edit after the first walk's end is found; one before it only by
	// a full walk.
	if err := db.ExecForTest(ctx, "UPDATE audit_log SET after = '{}' WHERE id = "+itoa(full.Ends["audit_log"].ID)); err != nil {
		t.Fatal(err)
	}
	if rep, err := db.VerifyChainsAfter(ctx, first); err != nil || len(rep.Breaks) != 1 || rep.Breaks[0].ID != full.Ends["audit_log"].ID {
		t.Fatalf("edited after the end: %+v, %v", rep, err)
	}
	if rep, err := db.VerifyChainsAfter(ctx, &store.ChainReport{}); err != nil || len(rep.Breaks) != 1 {
		t.Fatalf("from a report without ends: %+v, %v", rep, err)
	}
}

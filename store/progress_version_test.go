package store_test

import (
	"testing"

	"shuangbai/store/storetest"
)

// TestProgressVersionOncePerTransaction: a transaction that writes many
// rows of the progress table's inputs moves the version on (so caches
// drop), and on PostgreSQL by exactly one, whatever the number of rows: a
// bump per row made a province's bulk load quadratic at its commit.
func TestProgressVersionOncePerTransaction(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	storetest.Regions(t, db, "44", "广东省", "4453", "云浮市")
	before, err := db.ProgressVersionForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const rows = 90
	if err := db.ManyRegionsInOneTxForTest(ctx, "4453", rows); err != nil {
		t.Fatal(err)
	}
	after, err := db.ProgressVersionForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Fatalf("version %d → %d: writing regions did not move it", before, after)
	}
	if db.Engine() == "postgres" && after != before+1 {
		t.Errorf("version %d → %d after one transaction of %d rows, want one bump", before, after, rows)
	}
	if err := db.ManyRegionsInOneTxForTest(ctx, "4452", 3); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.ProgressVersionForTest(ctx); again <= after {
		t.Errorf("version %d → %d: a second transaction did not move it", after, again)
	}
}

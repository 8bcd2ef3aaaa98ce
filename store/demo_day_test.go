package store_test

import (
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestDemoDay: a database says it holds the demo only once the demo
// loader (the command line) has said so; no account may say it.
func TestDemoDay(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	if d, err := db.DemoDay(ctx); err != nil || !d.IsZero() {
		t.Fatalf("DemoDay of a fresh database = %v, %v", d, err)
	}
	city := &shuangbai.User{Username: "city", Role: shuangbai.RoleCityAdmin, Region: "4453"}
	day := shuangbai.NewDate(2021, 8, 9)
	if err := db.SetDemoDay(ctx, city, day); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Fatalf("a city admin set the demo day: %v", err)
	}
	if err := db.SetDemoDay(ctx, shuangbai.SystemUser, day); err != nil {
		t.Fatal(err)
	}
	if d, err := db.DemoDay(ctx); err != nil || d != day {
		t.Fatalf("DemoDay = %v, %v, want %v", d, err, day)
	}
}

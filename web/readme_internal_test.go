package web

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store/storetest"
	"shuangbai/web/ui"
)

// TestFourPasswordChecks: the README promises that at most four password
// checks run at once. With four running, a fifth waits and then gets the
// "try again" answer; when one ends, a waiting check goes ahead.
func TestFourPasswordChecks(t *testing.T) {
	srv, err := New(Config{DB: storetest.Open(t), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if cap(srv.checks) != 4 {
		t.Fatalf("%d password checks may run at once, the README says 4", cap(srv.checks))
	}
	hash, err := auth.HashPassword("Hekou-Station-2021")
	if err != nil {
		t.Fatal(err)
	}
	for range 4 { // four checks running
		srv.checks <- struct{}{}
	}
	ctx := context.Background()
	start := time.Now()
	if _, err := srv.checkPassword(ctx, hash, "Hekou-Station-2021"); shuangbai.ErrorCode(err) != ui.EThrottled {
		t.Fatalf("a fifth check: %v, want to be told to wait", err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("the fifth check gave up after %v without waiting for a slot", waited)
	}
	go func() { time.Sleep(100 * time.Millisecond); <-srv.checks }() // one ends
	if ok, err := srv.checkPassword(ctx, hash, "Hekou-Station-2021"); err != nil || !ok {
		t.Fatalf("a check after one ended: %v %v", ok, err)
	}
}

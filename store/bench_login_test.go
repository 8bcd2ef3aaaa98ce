package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// BenchmarkLoginWrites: the writes of one password login as web/auth.go
// makes them — the account's and the address's throttle, their release,
// the login's audit line, the new session — by 64 users at once, as at
// the start of a working day. Each is a commit; on SQLite they share the
// writers' group commit (write_gate.go), where the release and the session
// once took the writer connection for an fsync each.
func BenchmarkLoginWrites(b *testing.B) {
	db := storetest.Open(b)
	storetest.Yunfu(b, db)
	const users = 64
	var us [users]*shuangbai.User
	for i := range us {
		us[i] = storetest.User(b, db, fmt.Sprintf("worker%02d", i), shuangbai.RoleViewer, "445302", "x")
	}
	rule := store.Throttle{Max: 1 << 20, Window: time.Hour, Lock: time.Minute, MaxLock: time.Hour}
	var next atomic.Int64
	b.SetParallelism(users / 2) // 2 cores × 32: 64 logins in flight
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			u := us[next.Add(1)%users]
			addr := fmt.Sprintf("10.0.%d.%d", u.ID/250, u.ID%250)
			for _, key := range []string{store.AccountKey(u.Username, addr), "addr:" + addr} {
				if ok, _, _, err := db.TakeLogin(ctx, key, rule); err != nil || !ok {
					b.Fatal(ok, err)
				}
			}
			if err := db.ClearLogin(ctx, store.AccountKey(u.Username, addr)); err != nil {
				b.Fatal(err)
			}
			if err := db.ReleaseLogin(ctx, "addr:"+addr); err != nil {
				b.Fatal(err)
			}
			if err := db.LogLogin(ctx, u, u.Username, store.LoginOK, addr, ""); err != nil {
				b.Fatal(err)
			}
			token := make([]byte, 16)
			rand.Read(token)
			if _, err := db.CreateSession(ctx, u.ID, hex.EncodeToString(token), store.SessionCookie, "bench", time.Hour); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
}

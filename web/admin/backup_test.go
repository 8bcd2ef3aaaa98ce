package admin_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"shuangbai/store"
	"shuangbai/web/webtest"
)

// TestBackupStatus shows the system administrator the scheduled backups'
// last result, a failure above all; no one else sees the section.
func TestBackupStatus(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.CitySys)
	webtest.Expect(t, c.Get(t, "/users"), http.StatusOK, "数据备份", "尚无定时备份记录", "--backup-every")

	ctx := context.Background()
	at := time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC)
	ok := store.BackupRun{Started: at, Finished: at.Add(3 * time.Second), File: "/srv/backup/shuangbai-20240301-100000.sbak", Size: 5 << 20}
	if err := f.DB.RecordBackup(ctx, ok); err != nil {
		t.Fatal(err)
	}
	webtest.Expect(t, c.Get(t, "/users"), http.StatusOK, "最近一次定时备份成功：2024-03-01 10:00", "shuangbai-20240301-100000.sbak", "5.0 MB")
	failed := store.BackupRun{Started: at.Add(24 * time.Hour), Finished: at.Add(24 * time.Hour), Error: "no space left on device"}
	if err := f.DB.RecordBackup(ctx, failed); err != nil {
		t.Fatal(err)
	}
	res := c.Get(t, "/users")
	webtest.Expect(t, res, http.StatusOK, "最近一次定时备份失败（2024-03-02 10:00）：no space left on device", "成功")
	webtest.ExpectNot(t, f.As(t, webtest.CitySec).Get(t, "/security"), "数据备份")
}

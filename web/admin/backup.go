package admin

import (
	"context"
	"fmt"

	"shuangbai/store"
)

// backupView is one scheduled backup's result as the account page shows it.
type backupView struct {
	store.BackupRun
}

// SizeLabel is the file's size in the unit people read.
func (b backupView) SizeLabel() string {
	switch {
	case b.Size >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(b.Size)/(1<<30))
	case b.Size >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(b.Size)/(1<<20))
	default:
		return fmt.Sprintf("%d KB", (b.Size+1023)/1024)
	}
}

// lastBackups returns the newest five results of the server's scheduled
// backups: the system administrator is the one who keeps the server
// running, so the account page is where a failed backup must show.
func (h *Handlers) lastBackups(ctx context.Context) ([]backupView, error) {
	runs, err := h.db.LastBackups(ctx, 5)
	if err != nil {
		return nil, err
	}
	out := make([]backupView, len(runs))
	for i, r := range runs {
		out[i] = backupView{r}
	}
	return out, nil
}

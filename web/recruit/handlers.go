package recruit

import (
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve recruitment, supervisors and staff records. Create them
// with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
	// imports are score sheets read and checked, waiting for their
	// confirmation.
	imports *ui.Held[*pendingScores]
}

// New returns the handlers of recruitment.
func New(db *store.DB, u *ui.UI) *Handlers {
	return &Handlers{db: db, ui: u, imports: &ui.Held[*pendingScores]{
		TTL:     importTTL,
		PerUser: 3,
		MaxSize: 64 << 20,
		Size:    func(p *pendingScores) int { return len(p.data) },
		Gone: shuangbai.Errorf(shuangbai.ENOTFOUND, "上传的成绩表已导入、已放弃或已过期（上传后 %d 分钟内有效），请重新上传",
			int(importTTL/time.Minute)),
		Now: u.Now,
	}}
}

package roster

import (
	"net/http"
	"strconv"
	"time"

	"shuangbai"
	"shuangbai/web/ui"
)

// importsPerHour bounds how many registers one user may upload, or send to
// the API (dry run or not), in any hour. A register is read against every
// file in the database, so many of them in a row look like someone trying
// numbers rather than filing people; the dry run no longer tells which
// numbers are filed elsewhere, and this bounds how often an applied import
// can be asked instead.
const importsPerHour = 20

// takeImport counts one upload or API import of the request's user, or
// returns EThrottled (429) with how long to wait, and sets Retry-After.
// The count is kept in the database: a restart does not reset it.
func (h *Handlers) takeImport(w http.ResponseWriter, r *http.Request) error {
	ok, wait, err := h.db.TakeImport(r.Context(), ui.User(r).ID, importsPerHour, time.Hour)
	if err != nil || ok {
		return err
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	minutes := max(1, int((wait+time.Minute-1)/time.Minute))
	return shuangbai.Errorf(ui.EThrottled, "每人每小时最多上传或导入 %d 次名册，您已达到上限，请 %d 分钟后再试。如确需导入更多名册，请合并后一次上传。", importsPerHour, minutes)
}

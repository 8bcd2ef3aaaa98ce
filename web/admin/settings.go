package admin

import (
	"fmt"
	"net/http"
	"shuangbai/web/ui"
	"strconv"
	"strings"

	"shuangbai"
)

// followupPage is the data of settings/followup.html: the interval of each
// of the four levels, as a form.
type followupPage struct {
	Levels  []shuangbai.Level4
	Form    ui.Form
	CanEdit bool
}

// FollowupSettings shows how often each follow-up level visits (四级跟进).
// Everyone sees the rule; only a city admin may change it.
func (h *Handlers) FollowupSettings(w http.ResponseWriter, r *http.Request) error {
	iv, err := h.db.Intervals(r.Context())
	if err != nil {
		return err
	}
	v := make(map[string][]string)
	for l := shuangbai.Level4(1); l <= 4; l++ {
		v[fmt.Sprintf("times%d", l)] = []string{strconv.Itoa(iv[l].Times)}
		v[fmt.Sprintf("days%d", l)] = []string{strconv.Itoa(iv[l].PeriodDays)}
	}
	return h.renderFollowup(w, r, http.StatusOK, ui.NewForm(v, nil))
}

func (h *Handlers) renderFollowup(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	u := ui.User(r)
	return h.ui.Render(w, r, status, "settings/followup.html", followupPage{
		Levels: []shuangbai.Level4{1, 2, 3, 4}, Form: f, CanEdit: u.Role == shuangbai.RoleCityAdmin,
	})
}

// FollowupUpdate changes the intervals; the store allows it to city admins.
func (h *Handlers) FollowupUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单无法解析")
	}
	iv := shuangbai.Intervals{}
	fe := shuangbai.FieldErrors{}
	for l := shuangbai.Level4(1); l <= 4; l++ {
		times, err1 := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(fmt.Sprintf("times%d", l))))
		days, err2 := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(fmt.Sprintf("days%d", l))))
		if err1 != nil || err2 != nil || times < 1 || days < 1 || days > 366 {
			fe.Add(fmt.Sprintf("level%d", l), "次数和天数都应为正整数，天数不超过 366")
			continue
		}
		iv[l] = shuangbai.Interval{Times: times, PeriodDays: days}
	}
	err := fe.Err()
	if err == nil {
		err = h.db.SetIntervals(r.Context(), ui.User(r), iv)
	}
	if shuangbai.ErrorCode(err) == shuangbai.EINVALID {
		return h.renderFollowup(w, r, http.StatusUnprocessableEntity, ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已保存探访频次；新的探访按新频次推算下次探访日期")
	http.Redirect(w, r, "/settings/followup", http.StatusSeeOther)
	return nil
}

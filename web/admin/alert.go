package admin

import (
	"fmt"
	"net/http"

	"shuangbai/store"
	"shuangbai/web/ui"
)

// alertPage is the data of alert/list.html.
type alertPage struct {
	Alerts []alertView
	Unread int
	Older  string // link to the next, older page; "" at the end
}

// alertView is one alert with the name of its region.
type alertView struct {
	store.Alert
	RegionName string
}

// AlertList shows the security alerts (安全提醒) of the admin's scope,
// newest first: attempts from outside to file or import the ID numbers of
// people filed here.
func (h *Handlers) AlertList(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	var before int64
	if b := r.URL.Query().Get("before"); b != "" {
		var err error
		if before, err = ui.ParseID(b); err != nil {
			return ui.BadRequest("参数 before 应为正整数")
		}
	}
	list, err := h.db.Alerts(ctx, u, before, ui.PageSize)
	if err != nil {
		return err
	}
	var codes []string
	for _, a := range list {
		codes = append(codes, a.Region)
	}
	paths, err := h.ui.RegionPaths(ctx, codes)
	if err != nil {
		return err
	}
	p := alertPage{}
	if p.Unread, err = h.db.UnreadAlerts(ctx, u); err != nil {
		return err
	}
	for _, a := range list {
		p.Alerts = append(p.Alerts, alertView{Alert: a, RegionName: paths[a.Region]})
	}
	if len(list) == ui.PageSize {
		p.Older = fmt.Sprintf("/alerts?before=%d", list[len(list)-1].ID)
	}
	return h.ui.Render(w, r, http.StatusOK, "alert/list.html", p)
}

// AlertRead marks an alert as dealt with, recording who did.
func (h *Handlers) AlertRead(w http.ResponseWriter, r *http.Request) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.db.MarkAlertRead(r.Context(), ui.User(r), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/alerts", http.StatusSeeOther)
	return nil
}

package activity

import (
	"context"
	"net/http"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve community activities. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the handlers of community activities.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }

// requireRead returns EFORBIDDEN unless u may see activities.
func requireRead(u *shuangbai.User) error {
	if u.CanReadCases() {
		return nil
	}
	return shuangbai.Errorf(shuangbai.EFORBIDDEN, "%s不查看社区活动（活动记录含参与群众的姓名和照片，三员分立）", u.Role.Label())
}

// requireEdit returns EFORBIDDEN unless u may record activities.
func requireEdit(u *shuangbai.User) error {
	if err := requireRead(u); err != nil {
		return err
	}
	if !u.CanEditCases() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号为%s，只能查看，不能登记活动", u.Role.Label())
	}
	return nil
}

// activityOf reads the activity of the path's {id} inside the request's
// scope, after checking the user may see activities.
func (h *Handlers) activityOf(r *http.Request) (*shuangbai.Activity, error) {
	if err := requireRead(ui.User(r)); err != nil {
		return nil, err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.db.Activity(r.Context(), ui.Scope(r), id)
}

// editable reads the activity of {id} for a change.
func (h *Handlers) editable(r *http.Request) (*shuangbai.Activity, *shuangbai.User, error) {
	u := ui.User(r)
	if err := requireEdit(u); err != nil {
		return nil, nil, err
	}
	a, err := h.activityOf(r)
	return a, u, err
}

func activityURL(id int64, sub ...string) string {
	u := "/activities/" + strconv.FormatInt(id, 10)
	for _, s := range sub {
		u += "/" + s
	}
	return u
}

// stationOption is a station that may organise an activity.
type stationOption struct {
	ID     int64
	Name   string
	Region string
}

// stationOptions lists the stations in scope.
func (h *Handlers) stationOptions(ctx context.Context, scope shuangbai.Scope) ([]stationOption, error) {
	var out []stationOption
	for offset := 0; ; offset += 500 {
		ss, _, err := h.db.Stations(ctx, scope, shuangbai.SiteFilter{Limit: 500, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			out = append(out, stationOption{ID: s.ID, Name: s.Name, Region: s.Region})
		}
		if len(ss) < 500 {
			return out, nil
		}
	}
}

// names labels activities: their stations' names and their places' paths.
// An activity's station is in the activity's own town (the store checks
// it), so the name is read in that town's scope: a user of a village still
// sees which station came.
func (h *Handlers) names(ctx context.Context, as []*shuangbai.Activity) (map[int64]string, map[string]string, error) {
	stations := map[int64]string{}
	var codes []string
	for _, a := range as {
		codes = append(codes, a.Region)
		if _, ok := stations[a.StationID]; ok {
			continue
		}
		s, err := h.db.Station(ctx, shuangbai.Scope{Code: a.Region[:min(len(a.Region), 9)]}, a.StationID)
		if err != nil && shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
			return nil, nil, err
		}
		stations[a.StationID] = s.Name
	}
	paths, err := h.ui.RegionPaths(ctx, codes)
	return stations, paths, err
}

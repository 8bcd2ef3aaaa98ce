package recruit

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Who may do what (the issue leaves the roles to decide):
//   - city and county admins run campaigns inside their scope;
//   - viewers (领导查阅) read campaigns, applications with numbers masked,
//     rankings and statistics;
//   - workers, station leads and supervisors take no part in recruitment;
//   - the three administrators (三员) see none of it: applicants are
//     personal data, and like beneficiaries' files it is not theirs to read.
// A member of staff's record is read by the same readers, and by the
// person themself.

// requireRead returns EFORBIDDEN unless u may see recruitment.
func requireRead(u *shuangbai.User) error {
	switch {
	case u.CanReadRecruitment():
		return nil
	case u.Role.IsAdministrator():
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "%s不查看应聘人员信息（三员分立）", u.Role.Label())
	}
	return shuangbai.Errorf(shuangbai.EFORBIDDEN, "招聘由市、县民政局管理员负责，%s账号不使用此功能", u.Role.Label())
}

// requireRun returns EFORBIDDEN unless u may run campaigns.
func requireRun(u *shuangbai.User) error {
	if err := requireRead(u); err != nil {
		return err
	}
	if !u.CanRunRecruitment() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号为%s，只能查看，不能修改", u.Role.Label())
	}
	return nil
}

// campaignOf reads the campaign named by the path's {id} inside the
// request's scope, after checking the user may see recruitment.
func (h *Handlers) campaignOf(r *http.Request) (*shuangbai.Campaign, error) {
	id, err := readableID(r)
	if err != nil {
		return nil, err
	}
	return h.db.Campaign(r.Context(), ui.Scope(r), id)
}

// readableID is the campaign id {id} of a request by a user who may read
// recruitment.
func readableID(r *http.Request) (int64, error) {
	if err := requireRead(ui.User(r)); err != nil {
		return 0, err
	}
	return ui.PathID(r, "id")
}

// ranking reads the ranking of the campaign of {id} in the user's scope,
// of the post that query names (?post=ID, returned) or of every post. It
// is shared with other requests (store.CampaignRanking): nothing of it is
// changed.
func (h *Handlers) ranking(r *http.Request, query url.Values) (*store.Ranking, int64, error) {
	id, err := readableID(r)
	if err != nil {
		return nil, 0, err
	}
	_, f, err := applicantQuery(query, ui.Scope(r))
	if err != nil {
		return nil, 0, err
	}
	rank, err := h.db.CampaignRanking(r.Context(), ui.Scope(r), id, f.PostID)
	return rank, f.PostID, err
}

// runnable reads the campaign of {id} for a change: the user must run
// recruitment, and the campaign be visible in their scope.
func (h *Handlers) runnable(r *http.Request) (*shuangbai.Campaign, *shuangbai.User, error) {
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return nil, nil, err
	}
	c, err := h.campaignOf(r)
	return c, u, err
}

// applicantOf reads the campaign and the application named by {id} and
// {aid}.
func (h *Handlers) applicantOf(r *http.Request) (*shuangbai.Campaign, *shuangbai.Applicant, error) {
	c, err := h.campaignOf(r)
	if err != nil {
		return nil, nil, err
	}
	aid, err := ui.PathID(r, "aid")
	if err != nil {
		return nil, nil, err
	}
	a, err := h.db.Applicant(r.Context(), ui.Scope(r), c.ID, aid)
	return c, a, err
}

// logView writes a view of an application to the access log. A view that
// cannot be logged is not shown.
func (h *Handlers) logView(r *http.Request, a *shuangbai.Applicant, detail string) error {
	return h.db.LogAccessMany(r.Context(), ui.User(r), store.AccessView,
		[]store.AccessTarget{{ApplicantID: a.ID, Region: a.Region}}, "", detail)
}

// logExport writes an export of applications to the access log, on each.
func (h *Handlers) logExport(r *http.Request, as []*shuangbai.Applicant, reason, detail string) error {
	targets := make([]store.AccessTarget, len(as))
	for i, a := range as {
		targets[i] = store.AccessTarget{ApplicantID: a.ID, Region: a.Region}
	}
	if len(targets) == 0 {
		return nil
	}
	return h.db.LogAccessMany(r.Context(), ui.User(r), store.AccessExport, targets, reason, detail)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// campaignURL is the address of a campaign's page, or of one of its
// sub-pages.
func campaignURL(id int64, sub ...string) string {
	u := "/campaigns/" + strconv.FormatInt(id, 10)
	for _, s := range sub {
		u += "/" + s
	}
	return u
}

// unit names the bureau of a region, as documents sign: 云浮市民政局.
func (h *Handlers) unit(ctx context.Context, region string) (string, error) {
	names, err := h.db.RegionNames(ctx, []string{region})
	if err != nil {
		return "", err
	}
	if shuangbai.LevelOf(region) == shuangbai.LevelProvince {
		return names[region] + "民政厅", nil
	}
	return names[region] + "民政局", nil
}

// postLabels names a campaign's posts with their region's path.
func (h *Handlers) postLabels(ctx context.Context, posts []shuangbai.Post) (map[int64]string, map[string]string, error) {
	codes := make([]string, 0, len(posts))
	for _, p := range posts {
		codes = append(codes, p.Region)
	}
	paths, err := h.ui.RegionPaths(ctx, codes)
	if err != nil {
		return nil, nil, err
	}
	out := make(map[int64]string, len(posts))
	for _, p := range posts {
		out[p.ID] = p.Code + " " + p.Title
	}
	return out, paths, nil
}

package casework

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// accessLogPage is the data of beneficiary/access_log.html.
type accessLogPage struct {
	Entries     []accessView
	Beneficiary int64  // the person filtered on, 0 for all
	Name        string // their name
	User        string // the username filtered on, "" for all
	Problem     string // a filter that could not be read, said in words
	Older       string // the next, older page; "" at the end
}

// accessView is one access-log line with names for reading.
type accessView struct {
	store.AccessEntry
	RegionName string
	Who        string // the user's name; the username, which the filter takes, is shown beside it
}

// When is the time of the access as case work writes it: 2021年8月9日 13:57.
func (v accessView) When() string { return when(v.At) }

// ActionLabel names the access in Chinese.
func (v accessView) ActionLabel() string {
	switch v.Action {
	case store.AccessView:
		return "查看档案"
	case store.AccessReveal:
		return "查看完整号码"
	case store.AccessExport:
		return "导出"
	case store.AccessIDMatch:
		return "辖区外录入其身份证号（被拒）"
	}
	return v.Action
}

// AccessLogList shows who saw, revealed or exported whose record, when and
// why, newest first; ?beneficiary=ID shows one person's history.
func (h *Handlers) AccessLogList(w http.ResponseWriter, r *http.Request) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	if !u.CanReadAudit() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有市级、县级管理员可以查看个人信息访问记录")
	}
	var p accessLogPage
	var before int64
	var err error
	if b := strings.TrimSpace(q.Get("beneficiary")); b != "" {
		if p.Beneficiary, err = ui.ParseID(b); err != nil {
			p.Problem = "服务对象编号应为数字（在档案页地址栏或列表中可以看到）；下面显示全部记录"
		} else {
			ben, err := h.db.Beneficiary(ctx, ui.Scope(r), p.Beneficiary)
			if err != nil {
				return err
			}
			p.Name = ben.Name
		}
	}
	p.User = strings.TrimSpace(q.Get("user"))
	if b := q.Get("before"); b != "" {
		if before, err = ui.ParseID(b); err != nil {
			return ui.BadRequest("参数 before 应为正整数")
		}
	}
	entries, err := h.db.AccessLogBy(ctx, ui.Scope(r), store.AccessFilter{BeneficiaryID: p.Beneficiary, Username: p.User, BeforeID: before, Limit: ui.PageSize})
	if err != nil {
		return err
	}
	var codes, who []string
	for _, e := range entries {
		codes = append(codes, ui.RegionAncestors(e.Region)...)
		who = append(who, e.Username)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return err
	}
	people, err := h.userNames(ctx, who)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p.Entries = append(p.Entries, accessView{AccessEntry: e, RegionName: ui.RegionPath(names, e.Region), Who: people.Of(e.Username)})
	}
	if len(entries) == ui.PageSize {
		p.Older = "/access-log?before=" + strconv.FormatInt(entries[len(entries)-1].ID, 10)
		if p.Beneficiary != 0 {
			p.Older += "&beneficiary=" + strconv.FormatInt(p.Beneficiary, 10)
		}
		if p.User != "" {
			p.Older += "&user=" + url.QueryEscape(p.User)
		}
	}
	return h.ui.Render(w, r, http.StatusOK, "beneficiary/access_log.html", p)
}

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"shuangbai"
)

// pageSize is the number of rows on one page of a list.
const pageSize = 50

// form is what a form template needs: the values to show (what the user
// typed, or the stored record) and a message per field.
type form struct {
	Values url.Values
	Errors map[string]string
}

// newForm returns a form showing v, with the field messages of err if any.
func newForm(v url.Values, err error) form {
	if v == nil {
		v = url.Values{}
	}
	return form{Values: v, Errors: fieldErrors(err)}
}

// Get returns the value of field.
func (f form) Get(field string) string { return f.Values.Get(field) }

// Checked reports whether a checkbox was ticked.
func (f form) Checked(field string) bool { return f.Values.Get(field) != "" }

// Is reports whether field has the value v, for radio buttons and options.
func (f form) Is(field, v string) bool { return f.Values.Get(field) == v }

// Has reports whether a checkbox group includes the value v.
func (f form) Has(field, v string) bool {
	for _, x := range f.Values[field] {
		if x == v {
			return true
		}
	}
	return false
}

// Err returns the message for field, or "".
func (f form) Err(field string) string { return f.Errors[field] }

// Invalid reports whether any field has a message.
func (f form) Invalid() bool { return len(f.Errors) > 0 }

// pathID reads a numeric id from the URL path. A malformed id names no
// record, so it is a 404 like any other missing record.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, shuangbai.Errorf(shuangbai.ENOTFOUND, "记录不存在或不在您的管辖范围内")
	}
	return id, nil
}

// badRequest returns an EBADREQUEST error.
func badRequest(format string, args ...any) error {
	return shuangbai.Errorf(shuangbai.EBADREQUEST, format, args...)
}

// regionParam narrows scope to the region named by the query parameter
// region. A region outside scope is a 404, as if it did not exist: a
// request may filter inside the user's scope but never widen it.
func regionParam(q url.Values, scope shuangbai.Scope) (shuangbai.Scope, error) {
	code := strings.TrimSpace(q.Get("region"))
	if code != "" && shuangbai.LevelOf(code) == shuangbai.LevelUnknown {
		return scope, badRequest("参数 region 应为 2、4、6、9 或 12 位区划代码")
	}
	narrow, ok := scope.Narrow(code)
	if !ok {
		return scope, shuangbai.Errorf(shuangbai.ENOTFOUND, "区划 %s 不存在或不在您的管辖范围内", code)
	}
	return narrow, nil
}

// siteQuery reads the filters of a station or point list: region, status
// and q (part of the name). The scope returned is the user's, narrowed to
// region.
func siteQuery(q url.Values, scope shuangbai.Scope) (shuangbai.Scope, shuangbai.SiteFilter, error) {
	var f shuangbai.SiteFilter
	scope, err := regionParam(q, scope)
	if err != nil {
		return scope, f, err
	}
	switch st := shuangbai.SiteStatus(q.Get("status")); st {
	case "", shuangbai.SitePlanned, shuangbai.SiteBuilt:
		f.Status = st
	default:
		return scope, f, badRequest("参数 status 应为 planned（筹建中）或 built（已建成）")
	}
	f.Query, err = textParam(q, "q")
	return scope, f, err
}

// textParam reads a search text, trimmed and of sane length.
func textParam(q url.Values, name string) (string, error) {
	s := strings.TrimSpace(q.Get(name))
	if utf8.RuneCountInString(s) > 50 {
		return "", badRequest("搜索内容太长（最多 50 个字）")
	}
	return s, nil
}

// pageParam reads the 1-based page number of an HTML list.
func pageParam(q url.Values) (int, error) {
	p := q.Get("page")
	if p == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 {
		return 1, badRequest("页码应为正整数")
	}
	return n, nil
}

// pager links the pages of a list, keeping its filters.
type pager struct {
	Page, Pages, Total int
	path               string
	query              url.Values
}

func newPager(r *http.Request, page, total int) pager {
	return pager{Page: page, Pages: max(1, (total+pageSize-1)/pageSize), Total: total, path: r.URL.Path, query: r.URL.Query()}
}

// Offset is the offset of the page's first row.
func (p pager) Offset() int { return (p.Page - 1) * pageSize }

// URL returns the address of page n with the same filters.
func (p pager) URL(n int) string {
	q := url.Values{}
	for k, v := range p.query {
		q[k] = v
	}
	q.Del("page")
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return p.path
	}
	return p.path + "?" + q.Encode()
}

// Prev returns the previous page's address, or "" on the first page.
func (p pager) Prev() string {
	if p.Page <= 1 {
		return ""
	}
	return p.URL(p.Page - 1)
}

// Next returns the next page's address, or "" on the last page.
func (p pager) Next() string {
	if p.Page >= p.Pages {
		return ""
	}
	return p.URL(p.Page + 1)
}

// merge adds the messages of a domain validation error to fe, so a form
// shows parse problems (a bad date) and rule problems (a missing name) at
// once.
func merge(fe shuangbai.FieldErrors, err error) {
	for k, v := range fieldErrors(err) {
		fe.Add(k, v)
	}
}

// parseDate reads a 'YYYY-MM-DD' field, noting a problem under its name.
func parseDate(fe shuangbai.FieldErrors, field, s string) shuangbai.Date {
	d, err := shuangbai.ParseDate(strings.TrimSpace(s))
	if err != nil {
		fe.Add(field, "日期格式应为 年-月-日，例如 2021-08-09")
	}
	return d
}

// parseFloat reads an optional number field; "" is nil.
func parseFloat(fe shuangbai.FieldErrors, field, label, s string) *float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		fe.Add(field, label+"应为数字，例如 22.9152")
		return nil
	}
	return &f
}

// parseID reads a positive integer id.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("id 应为正整数")
	}
	return id, nil
}

package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"shuangbai"
)

// PageSize is the number of rows on one page of a list.
const PageSize = 50

// Form is what a form template needs: the values to show (what the user
// typed, or the stored record) and a message per field.
type Form struct {
	Values url.Values
	Errors map[string]string
}

// NewForm returns a form showing v, with the field messages of err if any.
func NewForm(v url.Values, err error) Form {
	if v == nil {
		v = url.Values{}
	}
	return Form{Values: v, Errors: FieldErrors(err)}
}

// Get returns the value of field.
func (f Form) Get(field string) string { return f.Values.Get(field) }

// Checked reports whether a checkbox was ticked.
func (f Form) Checked(field string) bool { return f.Values.Get(field) != "" }

// Is reports whether field has the value v, for radio buttons and options.
func (f Form) Is(field, v string) bool { return f.Values.Get(field) == v }

// Has reports whether a checkbox group includes the value v.
func (f Form) Has(field, v string) bool {
	for _, x := range f.Values[field] {
		if x == v {
			return true
		}
	}
	return false
}

// Err returns the message for field, or "".
func (f Form) Err(field string) string { return f.Errors[field] }

// Invalid reports whether any field has a message.
func (f Form) Invalid() bool { return len(f.Errors) > 0 }

// PathID reads a numeric id from the URL path. A malformed id names no
// record, so it is a 404 like any other missing record.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, shuangbai.Errorf(shuangbai.ENOTFOUND, "记录不存在或不在您的管辖范围内")
	}
	return id, nil
}

// RegionParam narrows scope to the region named by the query parameter
// region. A region outside scope is a 404, as if it did not exist: a
// request may filter inside the user's scope but never widen it.
func RegionParam(q url.Values, scope shuangbai.Scope) (shuangbai.Scope, error) {
	code := strings.TrimSpace(q.Get("region"))
	if code != "" && shuangbai.LevelOf(code) == shuangbai.LevelUnknown {
		return scope, BadRequest("参数 region 应为 2、4、6、9 或 12 位区划代码")
	}
	narrow, ok := scope.Narrow(code)
	if !ok {
		return scope, shuangbai.Errorf(shuangbai.ENOTFOUND, "区划 %s 不存在或不在您的管辖范围内", code)
	}
	return narrow, nil
}

// SiteQuery reads the filters of a station or point list: region, status
// and q (part of the name). The scope returned is the user's, narrowed to
// region.
func SiteQuery(q url.Values, scope shuangbai.Scope) (shuangbai.Scope, shuangbai.SiteFilter, error) {
	var f shuangbai.SiteFilter
	scope, err := RegionParam(q, scope)
	if err != nil {
		return scope, f, err
	}
	switch st := shuangbai.SiteStatus(q.Get("status")); st {
	case "", shuangbai.SitePlanned, shuangbai.SiteBuilt:
		f.Status = st
	default:
		return scope, f, BadRequest("参数 status 应为 planned（筹建中）或 built（已建成）")
	}
	f.Query, err = TextParam(q, "q")
	return scope, f, err
}

// TextParam reads a search text, trimmed and of sane length.
func TextParam(q url.Values, name string) (string, error) {
	s := strings.TrimSpace(q.Get(name))
	if utf8.RuneCountInString(s) > 50 {
		return "", BadRequest("搜索内容太长（最多 50 个字）")
	}
	return s, nil
}

// PageParam reads the 1-based page number of an HTML list.
func PageParam(q url.Values) (int, error) {
	p := q.Get("page")
	if p == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 {
		return 1, BadRequest("页码应为正整数")
	}
	return n, nil
}

// Pager links the pages of a list, keeping its filters.
type Pager struct {
	Page, Pages, Total int
	path               string
	query              url.Values
}

// NewPager returns the pager of a list of total rows, on page.
func NewPager(r *http.Request, page, total int) Pager {
	return Pager{Page: page, Pages: max(1, (total+PageSize-1)/PageSize), Total: total, path: r.URL.Path, query: r.URL.Query()}
}

// Offset is the offset of the page's first row.
func (p Pager) Offset() int { return (p.Page - 1) * PageSize }

// URL returns the address of page n with the same filters.
func (p Pager) URL(n int) string {
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
func (p Pager) Prev() string {
	if p.Page <= 1 {
		return ""
	}
	return p.URL(p.Page - 1)
}

// Next returns the next page's address, or "" on the last page.
func (p Pager) Next() string {
	if p.Page >= p.Pages {
		return ""
	}
	return p.URL(p.Page + 1)
}

// Merge adds the messages of a domain validation error to fe, so a form
// shows parse problems (a bad date) and rule problems (a missing name) at
// once.
func Merge(fe shuangbai.FieldErrors, err error) {
	for k, v := range FieldErrors(err) {
		fe.Add(k, v)
	}
}

// ParseDate reads a 'YYYY-MM-DD' field, noting a problem under its name.
func ParseDate(fe shuangbai.FieldErrors, field, s string) shuangbai.Date {
	d, err := shuangbai.ParseDate(strings.TrimSpace(s))
	if err != nil {
		fe.Add(field, "日期格式应为 年-月-日，例如 2021-08-09")
	}
	return d
}

// ParseFloat reads an optional number field; "" is nil. "NaN" and "Inf",
// which strconv.ParseFloat takes, are not numbers a form means: they are
// refused here like any other text, so they never reach a database column.
func ParseFloat(fe shuangbai.FieldErrors, field, label, s string) *float64 {
	f, ok := ParseNumber(s)
	if !ok {
		fe.Add(field, label+"应为数字，例如 22.9152")
		return nil
	}
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return &f
}

// ParseNumber reads a decimal number typed into a form: "" is 0 and ok; a
// text that is not a finite number is not ok.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && shuangbai.Finite(f)
}

// ParseID reads a positive integer id.
func ParseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, BadRequest("id 应为正整数")
	}
	return id, nil
}

// Validated returns fe as an error after adding the messages of the domain
// validation, or nil when nothing failed to parse. The store validates
// again when saving; this only lets one answer list every problem.
func Validated(fe shuangbai.FieldErrors, validate func() error) error {
	if len(fe) == 0 {
		return nil
	}
	Merge(fe, validate())
	return fe.Err()
}

// ParseForm parses a posted form, answering a malformed one with 400.
func ParseForm(r *http.Request) (url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return nil, BadRequest("表单格式有误")
	}
	return r.PostForm, nil
}

// Trimmed returns v's value of field without surrounding spaces.
func Trimmed(v url.Values, field string) string { return strings.TrimSpace(v.Get(field)) }

package ui

import (
	"errors"
	"net/http"
	"strings"

	"shuangbai"
)

// EThrottled is the code of a request refused because of too many
// attempts. It lives here, not in the domain, because only HTTP throttles.
const EThrottled = "too_many_requests"

// statusOf is the one place error codes become HTTP statuses. Anything not
// listed is a 500: logged here, and shown only as "系统内部错误".
var statusOf = map[string]int{
	shuangbai.EBADREQUEST:   http.StatusBadRequest,
	shuangbai.EUNAUTHORIZED: http.StatusUnauthorized,
	shuangbai.EFORBIDDEN:    http.StatusForbidden,
	shuangbai.ENOTFOUND:     http.StatusNotFound,
	shuangbai.ECONFLICT:     http.StatusConflict,
	shuangbai.EINVALID:      http.StatusUnprocessableEntity,
	EThrottled:              http.StatusTooManyRequests,
}

// Status returns the HTTP status for err.
func Status(err error) int {
	if st, ok := statusOf[shuangbai.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// FieldErrors returns the per-field messages of err when it is an error a
// form can show next to its fields, and nil otherwise.
func FieldErrors(err error) map[string]string {
	var e *shuangbai.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		return e.Fields
	}
	return nil
}

// logError logs err once, at this boundary, if it is not the user's doing.
func (u *UI) logError(r *http.Request, err error) {
	if Status(err) == http.StatusInternalServerError {
		u.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
}

// WriteError answers err as JSON under /api/ and as an HTML page elsewhere.
func (u *UI) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		u.WriteJSONError(w, r, err)
		return
	}
	u.logError(r, err)
	status := Status(err)
	u.RenderOrLog(w, r, status, "error.html", errorPage{Status: status, Message: shuangbai.ErrorMessage(err)})
}

// errorPage is the data of error.html.
type errorPage struct {
	Status  int
	Message string
}

// Title names the kind of error in a few words for the page heading.
func (p errorPage) Title() string {
	switch p.Status {
	case http.StatusNotFound:
		return "找不到页面或记录"
	case http.StatusForbidden:
		return "没有权限"
	case http.StatusUnauthorized:
		return "请先登录"
	case http.StatusBadRequest:
		return "请求有误"
	case http.StatusInternalServerError:
		return "系统内部错误"
	}
	return "操作未完成"
}

// apiError is the body of every JSON error.
type apiError struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody is the error inside every JSON error body; some answers carry
// it beside more (a sheet's problems).
type ErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// WriteJSONError answers err as {"error":{"code","message","fields"}}.
func (u *UI) WriteJSONError(w http.ResponseWriter, r *http.Request, err error) {
	u.logError(r, err)
	code := shuangbai.ErrorCode(err)
	if _, ok := statusOf[code]; !ok {
		code = shuangbai.EINTERNAL
	}
	body := apiError{ErrorBody{Code: code, Message: shuangbai.ErrorMessage(err), Fields: FieldErrors(err)}}
	u.WriteJSON(w, r, Status(err), body)
}

// NotFound answers any URL no route matches.
func (u *UI) NotFound(w http.ResponseWriter, r *http.Request) {
	u.WriteError(w, r, shuangbai.Errorf(shuangbai.ENOTFOUND, "您访问的页面不存在，请从首页重新进入"))
}

// APINotFound answers any /api/ URL no route matches.
func (u *UI) APINotFound(w http.ResponseWriter, r *http.Request) {
	u.WriteJSONError(w, r, shuangbai.Errorf(shuangbai.ENOTFOUND, "没有这个接口：%s %s", r.Method, r.URL.Path))
}

// BadRequest returns an EBADREQUEST error.
func BadRequest(format string, args ...any) error {
	return shuangbai.Errorf(shuangbai.EBADREQUEST, format, args...)
}

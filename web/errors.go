package web

import (
	"errors"
	"net/http"
	"strings"

	"shuangbai"
)

// statusOf is the one place error codes become HTTP statuses. Anything not
// listed is a 500: logged here, and shown only as "系统内部错误".
var statusOf = map[string]int{
	shuangbai.EBADREQUEST:   http.StatusBadRequest,
	shuangbai.EUNAUTHORIZED: http.StatusUnauthorized,
	shuangbai.EFORBIDDEN:    http.StatusForbidden,
	shuangbai.ENOTFOUND:     http.StatusNotFound,
	shuangbai.ECONFLICT:     http.StatusConflict,
	shuangbai.EINVALID:      http.StatusUnprocessableEntity,
	eThrottled:              http.StatusTooManyRequests,
}

// errorStatus returns the HTTP status for err.
func errorStatus(err error) int {
	if st, ok := statusOf[shuangbai.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// fieldErrors returns the per-field messages of err when it is an error a
// form can show next to its fields, and nil otherwise.
func fieldErrors(err error) map[string]string {
	var e *shuangbai.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		return e.Fields
	}
	return nil
}

// logError logs err once, at this boundary, if it is not the user's doing.
func (s *Server) logError(r *http.Request, err error) {
	if errorStatus(err) == http.StatusInternalServerError {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
}

// writeError answers err as JSON under /api/ and as an HTML page elsewhere.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeJSONError(w, r, err)
		return
	}
	s.logError(r, err)
	status := errorStatus(err)
	s.renderOrLog(w, r, status, "error.html", errorPage{Status: status, Message: shuangbai.ErrorMessage(err)})
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
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// writeJSONError answers err as {"error":{"code","message","fields"}}.
func (s *Server) writeJSONError(w http.ResponseWriter, r *http.Request, err error) {
	s.logError(r, err)
	code := shuangbai.ErrorCode(err)
	if _, ok := statusOf[code]; !ok {
		code = shuangbai.EINTERNAL
	}
	body := apiError{apiErrorBody{Code: code, Message: shuangbai.ErrorMessage(err), Fields: fieldErrors(err)}}
	s.writeJSON(w, r, errorStatus(err), body)
}

// notFound answers any URL no route matches.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, shuangbai.Errorf(shuangbai.ENOTFOUND, "您访问的页面不存在，请从首页重新进入"))
}

// apiNotFound answers any /api/ URL no route matches.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.writeJSONError(w, r, shuangbai.Errorf(shuangbai.ENOTFOUND, "没有这个接口：%s %s", r.Method, r.URL.Path))
}

package shuangbai

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Each maps to one HTTP status in package web.
const (
	EINVALID      = "invalid"      // the input is wrong; the user can fix it
	ENOTFOUND     = "not_found"    // no such thing, or not inside the caller's scope
	ECONFLICT     = "conflict"     // clashes with what is stored (duplicate code, stale edit)
	EFORBIDDEN    = "forbidden"    // the user is known but may not do this
	EUNAUTHORIZED = "unauthorized" // not logged in, or bad credentials
	EBADREQUEST   = "bad_request"  // the request itself is malformed (bad JSON, bad query)
	EINTERNAL     = "internal"
)

// Error is an application error whose message can be shown to the user as is.
// Fields holds per-field messages for forms, keyed by the field's name.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(e.Message)
	for _, k := range keys {
		fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
	}
	return b.String()
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is or wraps an *Error, else EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err, or a generic one for
// internal errors, whose text must not reach the user.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "系统内部错误，请稍后重试或联系管理员"
}

// FieldErrors collects per-field problems while validating a form.
type FieldErrors map[string]string

// Add records msg for field unless the field already has a message: the
// first problem is the one the user should fix first.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns nil when no problem was recorded, else an EINVALID *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "填写的内容有误，请按提示修改", Fields: f}
}

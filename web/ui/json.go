package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
)

// maxBody caps a JSON request body; no record comes near it.
const maxBody = 1 << 20

// WriteJSON answers v as JSON with the given status.
func (u *UI) WriteJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		u.log.Error("json", "path", r.URL.Path, "err", err)
		status, b = http.StatusInternalServerError, []byte(`{"error":{"code":"internal","message":"系统内部错误"}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}

// List is the shape of every list: one page of items and the total.
type List[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// ReadBody reads a JSON request body, refusing other content types so that
// a plain HTML form can never post to the API.
func ReadBody(r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return nil, BadRequest("请求体应为 JSON（Content-Type: application/json）")
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, BadRequest("读取请求体失败")
	}
	if len(b) > maxBody {
		return nil, BadRequest("请求体太大")
	}
	return b, nil
}

// ReadJSON reads a JSON request body into dst (ReadBody, then
// DecodeJSON): what every API handler that creates a record does first.
func ReadJSON(r *http.Request, dst any) error {
	b, err := ReadBody(r)
	if err != nil {
		return err
	}
	return DecodeJSON(b, dst)
}

// ReadPatch reads a JSON merge patch from the request body and applies it
// to cur into dst (ReadBody, then DecodePatch).
func ReadPatch(r *http.Request, cur, dst any) error {
	b, err := ReadBody(r)
	if err != nil {
		return err
	}
	return DecodePatch(b, cur, dst)
}

// DecodeJSON decodes a JSON object into dst, rejecting unknown fields so a
// misspelt name fails loudly instead of being ignored.
func DecodeJSON(b []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return BadRequest("请求体只能包含一个 JSON 对象")
	}
	return nil
}

// jsonError explains a decoding error in terms of the request.
func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return BadRequest("JSON 格式错误（第 %d 个字节附近）", se.Offset)
	case errors.As(err, &te):
		// Fields of an embedded struct come prefixed with its Go name.
		field := strings.ReplaceAll(te.Field, "siteIn.", "")
		e := BadRequest("字段 %s 的类型不正确，应为 %s", field, jsonType(te.Type.Kind().String()))
		e.(*shuangbai.Error).Fields = map[string]string{field: "类型不正确"}
		return e
	case errors.Is(err, io.EOF):
		return BadRequest("请求体为空")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &shuangbai.Error{Code: shuangbai.EBADREQUEST, Message: "未知字段：" + name, Fields: map[string]string{name: "未知字段"}}
	}
	return BadRequest("JSON 无法解析：%v", err)
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "字符串"
	case "bool":
		return "true 或 false"
	case "map", "struct":
		return "对象"
	case "slice":
		return "数组"
	}
	return "数字"
}

// DecodePatch applies a JSON merge patch (RFC 7396) to cur and decodes the
// result into dst: fields absent from the body keep their current values,
// null clears a field, and nested objects (equipment) merge key by key.
func DecodePatch(b []byte, cur, dst any) error {
	var patch any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&patch); err != nil {
		return jsonError(err)
	}
	if _, ok := patch.(map[string]any); !ok {
		return BadRequest("请求体应为 JSON 对象")
	}
	cb, err := json.Marshal(cur)
	if err != nil {
		return err
	}
	var base any
	dec = json.NewDecoder(bytes.NewReader(cb))
	dec.UseNumber()
	if err := dec.Decode(&base); err != nil {
		return err
	}
	merged, err := json.Marshal(mergePatch(base, patch))
	if err != nil {
		return err
	}
	return DecodeJSON(merged, dst)
}

func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
		} else {
			t[k] = mergePatch(t[k], v)
		}
	}
	return t
}

// PageQuery reads limit and offset. The default page is 50 rows, and no
// page is larger than 500.
func PageQuery(q url.Values) (limit, offset int, err error) {
	limit, offset = 50, 0
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 {
			return 0, 0, BadRequest("参数 limit 应为 1 到 500 的整数")
		}
		limit = min(limit, 500)
	}
	if v := q.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, BadRequest("参数 offset 应为不小于 0 的整数")
		}
	}
	return limit, offset, nil
}

// DateJSON is a date for JSON output: "YYYY-MM-DD", or null when unset.
func DateJSON(d shuangbai.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// Location returns the URL of a created record, for the Location header.
func Location(kind string, id int64) string { return fmt.Sprintf("/api/v1/%s/%d", kind, id) }

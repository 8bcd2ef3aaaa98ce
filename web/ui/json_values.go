package ui

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"

	"shuangbai"
)

// JSONValues turns a flat JSON object into form values, so that an API body
// is read by the same parser as its page's form: strings as they are,
// numbers as written, true as "true", null and false as absent, an array of
// strings as repeated values. Anything else (an object, an array of
// numbers) is refused by name rather than ignored. The fields named in keep
// are left out of the values for the caller to read from the raw map (a
// campaign's list of posts, say).
func JSONValues(b []byte, keep ...string) (url.Values, map[string]json.RawMessage, error) {
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return nil, nil, BadRequest("请求体应为 JSON 对象")
	}
	v := url.Values{}
	for k, m := range raw {
		if slices.Contains(keep, k) {
			continue
		}
		var x any
		d := json.NewDecoder(bytes.NewReader(m))
		d.UseNumber()
		if err := d.Decode(&x); err != nil {
			return nil, nil, BadRequest("字段 %s 无法解析", k)
		}
		switch t := x.(type) {
		case string:
			v.Set(k, t)
		case json.Number:
			v.Set(k, t.String())
		case bool:
			if t {
				v.Set(k, "true")
			}
		case nil:
		case []any:
			for _, e := range t {
				s, ok := e.(string)
				if !ok {
					return nil, nil, BadRequest("字段 %s 应为字符串数组", k)
				}
				v.Add(k, s)
			}
		default:
			return nil, nil, BadRequest("字段 %s 的类型有误", k)
		}
	}
	return v, raw, nil
}

// KnownFields refuses fields of raw outside names, so that a misspelt field
// fails loudly instead of being dropped.
func KnownFields(raw map[string]json.RawMessage, names ...string) error {
	for k := range raw {
		if !slices.Contains(names, k) {
			return &shuangbai.Error{Code: shuangbai.EBADREQUEST, Message: "未知字段：" + k, Fields: map[string]string{k: "未知字段"}}
		}
	}
	return nil
}

// ReadFields reads a request's JSON object of the fields names (and keep,
// read by the caller from the raw map; see JSONValues) as form values,
// refusing any other field.
func ReadFields(r *http.Request, names []string, keep ...string) (url.Values, map[string]json.RawMessage, error) {
	b, err := ReadBody(r)
	if err != nil {
		return nil, nil, err
	}
	v, raw, err := JSONValues(b, keep...)
	if err != nil {
		return nil, nil, err
	}
	return v, raw, KnownFields(raw, append(slices.Clip(names), keep...)...)
}

package ui

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestJSONValues(t *testing.T) {
	tests := []struct {
		body    string
		keep    []string
		want    string // url-encoded values, sorted by key
		wantErr string
	}{
		{body: `{"title":"禁毒","reached":300,"ok":true,"no":false,"gone":null}`, want: "ok=true&reached=300&title=%E7%A6%81%E6%AF%92"},
		{body: `{"groups":["a","b"]}`, want: "groups=a&groups=b"},
		{body: `{"groups":[1]}`, wantErr: "字符串数组"},
		{body: `{"x":{"y":1}}`, wantErr: "类型有误"},
		{body: `{"posts":[{"code":"1"}],"year":2021}`, keep: []string{"posts"}, want: "year=2021"},
		{body: `null`, wantErr: "JSON 对象"},
		{body: `[]`, wantErr: "JSON 对象"},
		{body: `{"reached":1e400}`, want: "reached=1e400"},
	}
	for _, tt := range tests {
		v, _, err := JSONValues([]byte(tt.body), tt.keep...)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err %v, want one saying %q", tt.body, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.body, err)
			continue
		}
		if got := v.Encode(); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.body, got, tt.want)
		}
	}
}

func TestReadFieldsRefusesUnknown(t *testing.T) {
	tests := []struct {
		body    string
		wantErr bool
	}{
		{`{"title":"x","posts":[]}`, false},
		{`{"title":"x","titel":"y"}`, true},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
		_, raw, err := ReadFields(r, []string{"title"}, "posts")
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err %v", tt.body, err)
		}
		if err == nil && raw["posts"] == nil {
			t.Errorf("%s: kept field missing from the raw map", tt.body)
		}
	}
}

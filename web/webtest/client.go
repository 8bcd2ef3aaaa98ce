package webtest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// Client sends requests to a handler as one user: with the session cookie
// of a real login, or with an API token.
type Client struct {
	H      http.Handler
	Cookie *http.Cookie
	Token  string
}

// Do sends req with the client's credentials.
func (c *Client) Do(req *http.Request) *httptest.ResponseRecorder {
	if c.Cookie != nil {
		req.AddCookie(c.Cookie)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	res := httptest.NewRecorder()
	c.H.ServeHTTP(res, req)
	return res
}

// Get requests path.
func (c *Client) Get(t testing.TB, path string) *httptest.ResponseRecorder {
	t.Helper()
	return c.Do(httptest.NewRequest("GET", path, nil))
}

// PostForm posts v as a form, with extra headers as name, value pairs.
func (c *Client) PostForm(t testing.TB, path string, v url.Values, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.Do(req)
}

// JSON sends body as JSON; a string body is sent as is.
func (c *Client) JSON(t testing.TB, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var b []byte
	switch x := body.(type) {
	case nil:
	case string:
		b = []byte(x)
	default:
		var err error
		if b, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	return c.Do(req)
}

// Upload posts file as the multipart field "file", with extra fields as
// name, value pairs.
func (c *Client) Upload(t testing.TB, path, filename string, file []byte, fields ...string) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(file)
	mw.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

// PostBody posts data as the body itself.
func (c *Client) PostBody(t testing.TB, path, ctype string, data []byte) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", path, bytes.NewReader(data))
	req.Header.Set("Content-Type", ctype)
	return c.Do(req)
}

// Decode decodes a JSON response into v.
func Decode(t testing.TB, res *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(res.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %s: %v", res.Body, err)
	}
}

// Expect checks a response's status and that its body holds each of want.
func Expect(t testing.TB, res *httptest.ResponseRecorder, status int, want ...string) {
	t.Helper()
	if res.Code != status {
		t.Errorf("status = %d, want %d; body:\n%.2000s", res.Code, status, res.Body)
		return
	}
	for _, w := range want {
		if !strings.Contains(res.Body.String(), w) {
			t.Errorf("body lacks %q:\n%.3000s", w, res.Body)
		}
	}
}

// ExpectNot checks that a body holds none of bad.
func ExpectNot(t testing.TB, res *httptest.ResponseRecorder, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(res.Body.String(), b) {
			t.Errorf("body holds %q but must not:\n%.3000s", b, res.Body)
		}
	}
}

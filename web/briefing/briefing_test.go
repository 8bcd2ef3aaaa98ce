package briefing_test

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"shuangbai/web/briefing"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, briefing.Pages) }

type issueList struct {
	Items []struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
		Number int    `json:"number"`
	} `json:"items"`
}

// ids returns the demo's published issue and its draft.
func ids(t *testing.T, f *webtest.Fixture) (pub, draft string) {
	t.Helper()
	var l issueList
	webtest.Decode(t, f.API(t, "yunfu-admin").Get(t, "/api/v1/briefings"), &l)
	for _, b := range l.Items {
		if b.Status == "published" {
			pub = webtest.ID(b.ID)
		} else {
			draft = webtest.ID(b.ID)
		}
	}
	if pub == "" || draft == "" {
		t.Fatalf("issues %+v", l)
	}
	return pub, draft
}

func TestDemoBriefingPagesAndExports(t *testing.T) {
	f := webtest.Demo(t)
	pub, draft := ids(t, f)
	city := f.As(t, "yunfu-admin")
	webtest.Expect(t, city.Get(t, "/briefings"), http.StatusOK, "云浮市“双百工程”工作简报", "2021年第1期", "新建一期")
	webtest.Expect(t, city.Get(t, "/briefings/"+pub), http.StatusOK, "第1期", "364", "印发勘误", "谢月浩副市长")
	webtest.Expect(t, city.Get(t, "/briefings/"+draft), http.StatusOK, "印发前还需处理", "栏目“县（市、区）动态”没有内容", "实时")
	webtest.Expect(t, city.Get(t, "/briefing-series/1"), http.StatusOK, "谢汉东副秘书长", "市委深改委成员")
	webtest.Expect(t, city.Get(t, "/news"), http.StatusOK, "用脚绘制地图")
	webtest.Expect(t, city.Get(t, "/news/new"), http.StatusOK, "保存并提交审核")

	start := time.Now()
	res := city.Get(t, "/briefings/"+pub+"/export?format=docx")
	t.Logf("demo issue as DOCX over HTTP: %v, %d bytes", time.Since(start), res.Body.Len())
	webtest.Expect(t, res, http.StatusOK)
	if ct := res.Header().Get("Content-Type"); !strings.Contains(ct, "wordprocessingml") || !bytes.HasPrefix(res.Body.Bytes(), []byte("PK")) {
		t.Errorf("docx export %s", ct)
	}
	if d := res.Header().Get("Content-Disposition"); !strings.Contains(d, url.PathEscape("2021年第1期")) {
		t.Errorf("disposition %q", d)
	}
	webtest.Expect(t, city.Get(t, "/briefings/"+pub+"/export?format=html"), http.StatusOK, `<h1 class="masthead">`, "<td>364</td>", "抄送：省民政厅")
	pdfRes := city.Get(t, "/briefings/"+pub+"/export?format=pdf")
	webtest.Expect(t, pdfRes, http.StatusOK)
	if ct := pdfRes.Header().Get("Content-Type"); ct != "application/pdf" || !bytes.HasPrefix(pdfRes.Body.Bytes(), []byte("%PDF-")) {
		t.Errorf("pdf export: %s, %.8q", ct, pdfRes.Body.Bytes())
	}
	// Publishing indexed the issue and its items: the seed's words find them.
	webtest.Expect(t, f.API(t, "yuncheng-admin").Get(t, "/api/v1/search?q="+url.QueryEscape("用脚")), http.StatusOK, `"kind":"news"`, `"kind":"briefing"`, `"published":"2021-08-09"`)
	// 罗定 finds the city's issue but not 河口's item.
	luoding := f.API(t, "luoding-admin").Get(t, "/api/v1/search?q="+url.QueryEscape("用脚"))
	webtest.Expect(t, luoding, http.StatusOK, `"kind":"briefing"`)
	webtest.ExpectNot(t, luoding, `"kind":"news"`)
	webtest.Expect(t, city.Get(t, "/briefings/"+pub+"/export?format=odt"), http.StatusBadRequest)

	api := f.API(t, "yunfu-admin")
	webtest.Expect(t, api.JSON(t, "PATCH", "/api/v1/briefings/"+pub, map[string]any{"editor": "改"}), http.StatusConflict, "勘误")
	webtest.Expect(t, api.JSON(t, "POST", "/api/v1/briefings/"+draft+"/publish", nil), http.StatusUnprocessableEntity, "县（市、区）动态")
	webtest.Expect(t, api.Get(t, "/api/v1/briefings/"+pub), http.StatusOK, `"number":1`, `"content"`, `"Staff":364`)
}

func TestBriefingScope(t *testing.T) {
	f := webtest.Demo(t)
	pub, draft := ids(t, f)
	ld := f.As(t, "luoding-admin")
	webtest.Expect(t, ld.Get(t, "/briefings/"+pub), http.StatusOK, "第1期")
	webtest.Expect(t, ld.Get(t, "/briefings/"+draft), http.StatusNotFound)
	webtest.Expect(t, ld.PostForm(t, "/briefings/"+pub+"/publish", nil), http.StatusForbidden)
	webtest.Expect(t, f.As(t, "yunfu-leader").PostForm(t, "/news", url.Values{"title": {"x"}}), http.StatusForbidden)
	webtest.Expect(t, f.As(t, "yunfu-auditor").Get(t, "/briefings"), http.StatusForbidden)

	// A station's item: written, submitted, unseen by another county,
	// reviewed by the city, returned with a comment.
	sw := f.As(t, "hekou-sw")
	res := sw.PostForm(t, "/news", url.Values{"region": {"445302003"}, "title": {"河口街道社工站开展防溺水宣传"}, "date": {"2021-08-20"},
		"place": {"双上村"}, "body": {"第一段。\n第二段。"}, "tags": {"宣传、儿童"}, "submit": {"1"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	loc := res.Header().Get("Location")
	webtest.Expect(t, ld.Get(t, loc), http.StatusNotFound)
	webtest.Expect(t, sw.Get(t, loc), http.StatusOK, "待审核", "第 1 版")
	city := f.As(t, "yunfu-admin")
	webtest.Expect(t, city.PostForm(t, loc+"/review", url.Values{"decision": {"return"}}), http.StatusUnprocessableEntity, "退回时请写明修改意见")
	webtest.Expect(t, city.PostForm(t, loc+"/review", url.Values{"decision": {"return"}, "comment": {"请补充参加人数"}}), http.StatusSeeOther)
	webtest.Expect(t, sw.Get(t, loc), http.StatusOK, "退回意见：请补充参加人数", "修改")
	webtest.Expect(t, sw.Get(t, loc+"/edit"), http.StatusOK, "保存为新版本")

	// Photos: only images, read by their bytes.
	webtest.Expect(t, sw.Upload(t, loc+"/photos", "a.jpg", []byte("%PDF-1.4 not a photo")), http.StatusUnprocessableEntity, "只能是 JPEG 或 PNG")
	var img bytes.Buffer
	png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 40, 30)))
	webtest.Expect(t, sw.Upload(t, loc+"/photos", "a.png", img.Bytes()), http.StatusSeeOther)
	webtest.Expect(t, ld.Get(t, loc+"/photos/1"), http.StatusNotFound)
	if res := sw.Get(t, loc+"/photos/1?thumb=1"); res.Code != http.StatusOK || res.Header().Get("Content-Type") != "image/jpeg" {
		t.Errorf("thumbnail: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
}

// The editor's journey on the draft: fill the empty section, publish, and
// the issue is numbered and frozen.
func TestDraftToPublished(t *testing.T) {
	f := webtest.Demo(t)
	_, draft := ids(t, f)
	api := f.API(t, "hekou-sw")
	res := api.JSON(t, "POST", "/api/v1/news", map[string]any{"title": "云城区召开推进会", "date": "2021-09-20", "body": "正文。", "submit": true})
	webtest.Expect(t, res, http.StatusCreated)
	var n struct {
		ID int64 `json:"id"`
	}
	webtest.Decode(t, res, &n)
	city := f.As(t, "yunfu-admin")
	webtest.Expect(t, city.PostForm(t, "/briefings/"+draft+"/entries", url.Values{"section": {"1"}, "kind": {"news"}, "news_id": {webtest.ID(n.ID)}}), http.StatusSeeOther)
	webtest.Expect(t, city.PostForm(t, "/briefings/"+draft+"/publish", nil), http.StatusUnprocessableEntity, "待审核，尚未采用")
	webtest.Expect(t, city.PostForm(t, "/news/"+webtest.ID(n.ID)+"/review", url.Values{"decision": {"accept"}}), http.StatusSeeOther)
	webtest.Expect(t, city.PostForm(t, "/briefings/"+draft+"/entries/0/1", url.Values{"action": {"up"}}), http.StatusSeeOther)
	webtest.Expect(t, city.PostForm(t, "/briefings/"+draft+"/publish", nil), http.StatusSeeOther)
	webtest.Expect(t, city.Get(t, "/briefings/"+draft), http.StatusOK, "2021年第2期", "已印发", "云城区召开推进会")
	webtest.Expect(t, city.PostForm(t, "/briefings/"+draft+"/entries", url.Values{"section": {"1"}, "kind": {"news"}, "news_id": {"1"}}), http.StatusConflict)
}

// A refused date or editor says why beside its field and keeps what was
// typed; the editor had no place for its message, so a name too long or
// with a broken character was a 422 that said nothing (FuzzBodies found it).
func TestBriefingComposeRefused(t *testing.T) {
	f := webtest.Demo(t)
	_, draft := ids(t, f)
	city := f.As(t, "yunfu-admin")
	for _, tt := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"a broken character", url.Values{"date": {"2021-08-16"}, "editor": {"云\xe5城"}}, []string{`<div class="field invalid"><label for="b-editor">`, "编辑含有无法识别的字符", `value="2021-08-16"`}},
		{"too long", url.Values{"date": {"2021-08-16"}, "editor": {strings.Repeat("编", 21)}}, []string{"编辑不超过 20 字", `value="` + strings.Repeat("编", 21) + `"`}},
		{"a bad date", url.Values{"date": {"2021-13-40"}, "editor": {"李编辑"}}, []string{`<div class="field invalid"><label for="b-date">`, `value="李编辑"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			webtest.Expect(t, city.PostForm(t, "/briefings/"+draft, tt.form), http.StatusUnprocessableEntity, tt.want...)
		})
	}
}

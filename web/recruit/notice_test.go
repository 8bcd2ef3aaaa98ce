package recruit_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

// TestNoticeDownloads: the notice opens as Word and Excel with the people
// on the list, and publishing it is logged on each of them.
func TestNoticeDownloads(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.scored(t)
	c := w.As(t, webtest.CityAdmin)
	res := c.Get(t, w.base()+"/notice.docx")
	webtest.Expect(t, res, http.StatusOK)
	if !strings.Contains(res.Header().Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Errorf("disposition %q", res.Header().Get("Content-Disposition"))
	}
	doc := docxBody(t, res.Body.Bytes())
	if n := strings.Count(doc, "<w:tr>"); n != 2+2 {
		t.Errorf("%d table rows, want the two of the header and two people", n)
	}
	for _, want := range []string{"拟聘用人员名单公示", "陈明", "罗芳", "87.50", "云浮市民政局", "公示期为2021年9月1日至2021年9月7日"} {
		if !strings.Contains(doc, want) {
			t.Errorf("notice lacks %q", want)
		}
	}
	res = c.Get(t, w.base()+"/notice.xlsx")
	webtest.Expect(t, res, http.StatusOK)
	f, err := excelize.OpenReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("公示名单", "F5"); v != "陈明" {
		t.Errorf("F5 = %q", v)
	}
	log, _ := w.DB.AccessLogBy(t.Context(), webtest.AdminScope, store.AccessFilter{ApplicantID: w.yc[1].ID})
	if len(log) != 2 || log[0].Action != store.AccessExport || log[0].Reason != "拟聘用人员公示" {
		t.Errorf("access log %+v", log)
	}
	// A county's notice is its own part of the list.
	res = w.As(t, webtest.LdAdmin).Get(t, w.base()+"/notice.docx")
	doc = docxBody(t, res.Body.Bytes())
	if strings.Contains(doc, "陈明") || !strings.Contains(doc, "罗芳") {
		t.Error("罗定市's notice holds another county's people")
	}
}

// docxBody unzips a .docx, checks every part is well-formed XML and
// returns word/document.xml.
func docxBody(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", zf.Name, err)
			}
		}
		if zf.Name == "word/document.xml" {
			doc = string(data)
		}
	}
	return doc
}

// TestSign: signing waits for the notice period, refuses more people than
// a post has places and those not on the list, and makes the others staff
// at their stations from the contract's first day.
func TestSign(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.scored(t)
	c := w.As(t, webtest.CityAdmin)
	form := url.Values{"signed_on": {"2021-09-10"}, "from": {"2021-09-10"}, "to": {"2024-09-09"},
		"applicant": {webtest.ID(w.yc[1].ID), webtest.ID(w.yc[2].ID)}}
	webtest.Expect(t, c.PostForm(t, w.base()+"/sign", form), http.StatusUnprocessableEntity, "第 2 条", "招聘 1 人，签约黄丽将超过名额", "全部未签约")
	staff, _ := w.DB.Staffed(t.Context(), webtest.AdminScope, w.YcStation.ID, 0, shuangbai.NewDate(2021, 9, 20))
	if len(staff) != 1 { // 陈云城 of the fixture only
		t.Fatalf("a refused batch was half signed: %v", staff)
	}
	webtest.Expect(t, c.PostForm(t, w.base()+"/sign", url.Values{"applicant": {webtest.ID(w.yc[1].ID)}, "from": {"2021-09-15"}, "to": {"2021-09-01"}}),
		http.StatusUnprocessableEntity, "合同结束日期应晚于开始日期")
	form.Set("applicant", webtest.ID(w.yc[1].ID))
	form.Add("applicant", webtest.ID(w.ld[0].ID))
	webtest.Expect(t, c.PostForm(t, w.base()+"/sign", form), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, w.base()+"/sign"), http.StatusOK, "已签约")
	for _, tt := range []struct {
		on   shuangbai.Date
		want int
	}{{shuangbai.NewDate(2021, 9, 9), 1}, {shuangbai.NewDate(2021, 9, 10), 2}} {
		staff, _ := w.DB.Staffed(t.Context(), webtest.AdminScope, w.YcStation.ID, 0, tt.on)
		if len(staff) != tt.want {
			t.Errorf("河口 staff on %v: %d, want %d", tt.on, len(staff), tt.want)
		}
	}
	got, _ := w.DB.Applicant(t.Context(), webtest.AdminScope, w.c.ID, w.yc[1].ID)
	webtest.Expect(t, c.Get(t, "/records/"+webtest.ID(got.PersonID)), http.StatusOK, "陈明", "助理社会工作师", "2021年9月10日 至 2024年9月9日", "河口街道社工站社工")
	webtest.Expect(t, c.Get(t, "/staff"), http.StatusOK, "陈明", "罗芳")
	// The progress table counts them from then.
	webtest.Expect(t, c.Get(t, "/reports/progress/staff?region=445302&kind=station"), http.StatusOK, "陈明")
}

// TestSignBeforeNoticeEnds: a campaign whose notice runs on cannot sign.
func TestSignBeforeNoticeEnds(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.scored(t)
	w.DB.Now = func() time.Time { return time.Date(2021, 9, 5, 10, 0, 0, 0, shuangbai.China) }
	c := w.As(t, webtest.CityAdmin)
	webtest.Expect(t, c.Get(t, w.base()+"/sign"), http.StatusOK, "公示期结束后才能签约", "disabled")
	webtest.Expect(t, c.PostForm(t, w.base()+"/sign", url.Values{"applicant": {webtest.ID(w.yc[1].ID)}, "from": {"2021-09-15"}}),
		http.StatusUnprocessableEntity, "公示期（至 2021-09-07）结束后才能签约")
}

func TestStats(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.scored(t)
	c := w.As(t, webtest.CityAdmin)
	webtest.Expect(t, c.Get(t, w.base()+"/stats"), http.StatusOK, "云城区", "罗定市", "入围体检", "50%")
	res := c.Get(t, w.base()+"/stats.xlsx")
	webtest.Expect(t, res, http.StatusOK)
	f, err := excelize.OpenReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("按县（市、区）")
	if len(rows) != 7 || rows[6][0] != "合计" || rows[6][4] != "4" || rows[4][0] != "云城区" || rows[4][4] != "3" {
		t.Errorf("rows %q", rows)
	}
}

package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/report"
)

func sampleNotice(n int) *report.Notice {
	c := &shuangbai.Campaign{Title: "2021年云浮市“双百工程”社工公开招聘", WrittenWeight: 50,
		Timeline: shuangbai.Timeline{NoticeFrom: shuangbai.NewDate(2021, 9, 1), NoticeTo: shuangbai.NewDate(2021, 9, 7)}}
	out := &report.Notice{Campaign: c, Unit: "云浮市民政局", Date: shuangbai.NewDate(2021, 9, 1)}
	counties := []string{"云城区", "云城区", "罗定市", "郁南县"}
	for i := range n {
		a := &shuangbai.Applicant{Number: fmt.Sprintf("2021%06d", i+1), Name: "林小燕", Gender: "女", Education: shuangbai.EduBachelor,
			Written: shuangbai.ScoreOf(8550), Interview: shuangbai.ScoreOf(9000)}
		if i == 1 {
			a.Name = "=HYPERLINK(\"x\")"
		}
		x, _ := c.CompositeOf(a.Written, a.Interview)
		out.Rows = append(out.Rows, report.NoticeRow{County: counties[i%len(counties)], Post: shuangbai.Post{Code: fmt.Sprintf("P%03d", i), Title: "河口街道社工站社工"},
			Applicant: a, Composite: x, Rank: 1})
	}
	return out
}

// TestNoticeDOCX: the notice opens as a document whose parts are
// well-formed, whose table has the two header rows and a row per person,
// with the county merged over its rows and the three scores under one
// heading.
func TestNoticeDOCX(t *testing.T) {
	var buf bytes.Buffer
	if err := report.NoticeDOCX(&buf, sampleNotice(4)); err != nil {
		t.Fatal(err)
	}
	if path := os.Getenv("SHUANGBAI_WRITE_NOTICE"); path != "" { // to look at it: soffice --convert-to pdf
		os.WriteFile(path, buf.Bytes(), 0o644)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if err := wellFormed(b); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if f.Name == "word/document.xml" {
			doc = string(b)
		}
	}
	if got := strings.Count(doc, "<w:tr>"); got != 2+4 {
		t.Errorf("%d table rows, want 6", got)
	}
	for _, want := range []string{"拟聘用人员名单公示", "公示期为2021年9月1日至2021年9月7日", `<w:gridSpan w:val="3"/>`, "<w:tblHeader/>",
		`<w:vMerge w:val="restart"/>`, "85.5", "87.75", "林小燕", "云浮市民政局", "2021年9月1日", `w:orient="landscape"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	// 云城区 is on rows 1–2 (merged), 罗定市 and 郁南县 on one each.
	if n := strings.Count(doc, `<w:vMerge w:val="restart"/>`); n != 12-3+1 {
		t.Errorf("%d merges down, want %d (the header's nine and 云城区)", n, 12-3+1)
	}
}

func wellFormed(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func TestNoticeXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := report.NoticeXLSX(&buf, sampleNotice(3)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]string{"A1": "2021年云浮市“双百工程”社工公开招聘拟聘用人员名单公示", "I3": "成绩", "I4": "笔试",
		"A5": "1", "F5": "林小燕", "F6": "'=HYPERLINK(\"x\")", "I5": "85.5", "K5": "87.75", "L5": "1", "A9": "云浮市民政局　2021年9月1日"} {
		if got, _ := f.GetCellValue("公示名单", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	merged, _ := f.GetMergeCells("公示名单")
	if len(merged) != 2+9+1+1 {
		t.Errorf("%d merged ranges", len(merged))
	}
}

func TestRecruitStatsXLSX(t *testing.T) {
	c := &shuangbai.Campaign{Title: "2021年云浮市“双百工程”社工公开招聘", WrittenWeight: 50}
	row := func(name string, places int, st shuangbai.Stages) shuangbai.StageRow {
		return shuangbai.StageRow{Code: "445302", Name: name, Posts: places, Places: places, Stages: st}
	}
	yc := row("云城区", 20, shuangbai.Stages{300, 280, 250, 60, 58, 20, 20, 20, 20})
	total := row("合计", 123, shuangbai.Stages{1817, 1700, 1600, 369, 360, 123, 123, 123, 123})
	total.Code = ""
	var buf bytes.Buffer
	if err := report.RecruitStatsXLSX(&buf, &report.RecruitStats{Campaign: c, Unit: "云浮市民政局", Date: shuangbai.NewDate(2021, 9, 20),
		Total: total, Counties: []shuangbai.StageRow{yc}, Posts: []shuangbai.StageRow{yc}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]string{"A5": "云城区", "A6": "合计", "C6": "123", "D6": "14.8", "E3": "报名", "E6": "1817",
		"G3": "资格审核通过", "G6": "1700", "H6": "93.6%"} {
		if got, _ := f.GetCellValue("按县（市、区）", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if got, _ := f.GetCellValue("按岗位", "A5"); got != "445302 云城区" {
		t.Errorf("posts sheet A5 = %q", got)
	}
}

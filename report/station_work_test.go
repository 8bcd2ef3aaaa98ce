package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/report"
)

// documentText unzips a .docx and returns its body's XML, failing when a
// part is not well-formed.
func documentText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	body := ""
	for _, f := range z.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasSuffix(f.Name, ".xml") {
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
			}
		}
		if f.Name == "word/document.xml" {
			body = string(data)
		}
	}
	return body
}

func TestVisitAndEvaluationDOCX(t *testing.T) {
	v := &shuangbai.SupervisionVisit{StationName: "都城镇社工站", PointName: "夏袭服务点", VisitedOn: shuangbai.NewDate(2021, 8, 1),
		Forms: []shuangbai.SupervisionForm{shuangbai.FormField, shuangbai.FormMeeting}, Topics: "了解困难\n了解计划", Advice: "夯实专业能力 <&>",
		Items: []shuangbai.ActionItem{{Title: "共学《双百概论》", Owner: "叶绮鸿", Due: shuangbai.NewDate(2021, 8, 31),
			DoneOn: shuangbai.NewDate(2021, 8, 20), DoneNote: "已制定学习计划"}}}
	var buf bytes.Buffer
	if err := report.VisitDOCX(&buf, &report.VisitReport{Visit: v, Place: "云浮市郁南县都城镇", Unit: "郁南县民政局",
		PrintedOn: shuangbai.NewDate(2021, 8, 9), Supervisor: "张和清（总督导）"}); err != nil {
		t.Fatal(err)
	}
	doc := documentText(t, buf.Bytes())
	for _, want := range []string{"社工站督导记录", "夏袭服务点", "实地走访、座谈", "了解计划", "夯实专业能力 &lt;&amp;&gt;", "叶绮鸿", "2021年8月20日完成：已制定学习计划"} {
		if !strings.Contains(doc, want) {
			t.Errorf("visit document lacks %q", want)
		}
	}
	set := &shuangbai.IndicatorSet{Name: "指标", Indicators: []shuangbai.Indicator{
		{ID: 1, Name: "服务成效", Weight: 60, Max: shuangbai.ScoreOf(3000)},
		{ID: 2, Name: "档案评估完整", Weight: 40, Max: shuangbai.ScoreOf(1000), Computed: shuangbai.CompleteAssessed}}}
	round := &shuangbai.EvaluationRound{Title: "2021年监测评估", Evaluators: "省民政厅 谢军", HeldOn: shuangbai.NewDate(2021, 7, 7),
		Stations: []shuangbai.RoundStation{{StationName: "富林镇社工站", Findings: "服务成效明显",
			Scores:  map[int64]shuangbai.StationScore{1: {Score: shuangbai.ScoreOf(1500)}, 2: {Score: shuangbai.ScoreOf(1000), Evidence: "抽查 10 份"}},
			Figures: shuangbai.CompletenessFigures{Open: 60, Assessed: 52},
			Items:   []shuangbai.ActionItem{{Title: "补齐评估", Owner: "富林镇社工站", Due: shuangbai.NewDate(2021, 8, 31)}}},
			{StationName: "车岗镇社工站"}}}
	buf.Reset()
	if err := report.EvaluationDOCX(&buf, &report.EvaluationReport{Round: round, Set: set, Unit: "云浮市民政局", PrintedOn: shuangbai.NewDate(2021, 8, 9)}); err != nil {
		t.Fatal(err)
	}
	doc = documentText(t, buf.Bytes())
	for _, want := range []string{"2021年监测评估", "权重60%，满分30", ">70<", ">0（未评完）<", "系统计算 52/60（86%）", "抽查 10 份", "补齐评估", "未完成"} {
		if !strings.Contains(doc, want) {
			t.Errorf("evaluation document lacks %q", want)
		}
	}
	if strings.Count(doc, "未评完") != 1 {
		t.Error("only 车岗镇 is unfinished")
	}
}

func TestListXLSX(t *testing.T) {
	var buf bytes.Buffer
	l := &report.ListSheet{Sheet: "督导记录", Title: "督导记录", Header: []string{"日期", "社工站", "待办"}, Widths: []float64{12, 20, 8},
		Rows: [][]any{{"2021-08-01", "=HYPERLINK(\"x\")", 2}}}
	if err := report.ListXLSX(&buf, l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("督导记录")
	if len(rows) != 3 || rows[1][1] != "社工站" || rows[2][1] != "'=HYPERLINK(\"x\")" || rows[2][2] != "2" {
		t.Errorf("rows = %q", rows)
	}
}

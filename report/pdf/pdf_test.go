package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shuangbai/report/docx"
)

// sample is a document with what a briefing holds: a masthead, a title,
// headings, body text whose lines end near punctuation, a table with merged
// header cells, and a landscape section.
func sample() *docx.Document {
	d := docx.New()
	d.Title = "工作简报"
	d.Created = time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	d.Add(docx.Paragraph{Text: "双百工程工作简报", Font: docx.FontTitle, Size: docx.Size2, Align: docx.Center, Color: "FF0000", RuleBelow: "FF0000"})
	d.Heading("云浮市社会工作服务站五月工作情况")
	d.Subheading("一、基本情况")
	d.Text("本月全市各镇（街）社工站共走访低保、特困等困难群众1234户，其中留守老人、困境儿童和残疾人分别为312人、156人、89人。各站坚持“兜底线、织密网、建机制”，做到应访尽访，服务覆盖率达到98.5%。")
	d.Add(docx.Paragraph{Text: "二、典型做法", Font: "楷体_GB2312", Indent: true})
	d.Text("新兴县社工站为独居老人王堃、李镕建立了个案档案；罗定市探索“社工＋志愿者”模式，成效明显。")
	d.AddTable(docx.Table{Widths: []int{3, 2, 2, 2},
		Header: [][]docx.Cell{
			{{Text: "县（市、区）", MergeDown: true}, {Text: "走访人次", Span: 3}},
			{{Merged: true}, {Text: "低保"}, {Text: "特困"}, {Text: "合计"}},
		},
		Rows: [][]docx.Cell{
			{{Text: "云城区"}, {Text: "120"}, {Text: "30"}, {Text: "150"}},
			{{Text: "新兴县"}, {Text: "98"}, {Text: "21"}, {Text: "119"}},
		}})
	d.NewSection(true)
	d.Add(docx.Paragraph{Text: "附表：横排页面", Font: docx.FontHeading, Align: docx.Left})
	d.Text(strings.Repeat("横向页面的正文，", 20))
	return d
}

func pdftotext(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext missing: apt-get install poppler-utils")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "a.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(append(args, "-enc", "UTF-8"), in, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestWriteRoundTripsText(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:8])
	}
	text := pdftotext(t, buf.Bytes())
	flat := strings.Join(strings.Fields(text), "")
	for _, want := range []string{"双百工程工作简报", "云浮市社会工作服务站五月工作情况", "一、基本情况",
		"留守老人", "98.5%", "县（市、区）", "走访人次", "低保", "特困", "新兴县", "119", "附表：横排页面", "— 1 —", "— 2 —"} {
		if !strings.Contains(flat, strings.ReplaceAll(want, " ", "")) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	// 避头尾: no extracted line begins with closing punctuation.
	for _, line := range strings.Split(pdftotext(t, buf.Bytes(), "-layout"), "\n") {
		l := strings.TrimSpace(line)
		if l != "" && strings.ContainsAny(firstRune(l), "，。、；：？！）》」』】”") {
			t.Errorf("a line starts with punctuation: %q", l)
		}
	}
	if n := pages(t, buf.Bytes()); n != 2 {
		t.Errorf("%d pages, want a portrait page and a landscape one", n)
	}
}

// pages counts pages and checks the last is landscape.
func pages(t *testing.T, pdf []byte) int {
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo missing")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "a.pdf")
	_ = os.WriteFile(in, pdf, 0o600)
	out, err := exec.Command(bin, "-l", "99", in).Output()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var last string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Page ") && strings.Contains(l, " size:") {
			n++
			last = l
		}
	}
	if !strings.Contains(last, "842 x 595") {
		t.Errorf("last page %q, want landscape A4", last)
	}
	return n
}

func BenchmarkWrite(b *testing.B) {
	d := docx.New()
	d.Heading("云浮市社会工作服务站工作简报")
	for i := 0; i < 8; i++ {
		d.Subheading("一、基本情况")
		d.Text(strings.Repeat("本月全市各镇（街）社工站共走访低保、特困等困难群众，留守老人、困境儿童分别为312人、156人。", 4))
	}
	rows := make([][]docx.Cell, 20)
	for i := range rows {
		rows[i] = []docx.Cell{{Text: "云城区"}, {Text: "120"}, {Text: "30"}}
	}
	d.AddTable(docx.Table{Widths: []int{2, 1, 1}, Header: [][]docx.Cell{{{Text: "县"}, {Text: "低保"}, {Text: "特困"}}}, Rows: rows})
	if err := loadFaces(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWriteSample leaves the sample PDF where scripts/render-pages.sh can
// turn it into a picture: SHUANGBAI_PDF_OUT=/tmp/sample.pdf go test -run Sample.
func TestWriteSample(t *testing.T) {
	out := os.Getenv("SHUANGBAI_PDF_OUT")
	if out == "" {
		t.Skip("SHUANGBAI_PDF_OUT not set")
	}
	var buf bytes.Buffer
	if err := Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var dx bytes.Buffer
	if _, err := sample().WriteTo(&dx); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(strings.TrimSuffix(out, ".pdf")+".docx", dx.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTabSitsRight: the Word writer's tab convention — the masthead's
// "编印单位\t日期" — puts the date against the right edge, with no tab
// glyph drawn (the font has none: it came out as a box).
func TestTabSitsRight(t *testing.T) {
	d := docx.New()
	d.Add(docx.Paragraph{Text: "云浮市民政局编\t2021年8月9日", Align: docx.Left, RuleBelow: "FF0000"})
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(pdftotext(t, buf.Bytes(), "-layout"), "\n") {
		if strings.Contains(l, "民政局编") {
			line = l
		}
	}
	left, right, ok := strings.Cut(strings.TrimSpace(line), "编")
	if !ok || !strings.HasPrefix(right, "  ") || strings.TrimSpace(right) != "2021年8月9日" || left != "云浮市民政局" {
		t.Errorf("masthead line = %q, want the unit left and the date far right", line)
	}
	if strings.ContainsRune(line, '\t') || strings.ContainsRune(line, '□') {
		t.Errorf("a tab glyph was drawn: %q", line)
	}
}

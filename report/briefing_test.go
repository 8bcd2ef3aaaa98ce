package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/demo"
	"shuangbai/report"
	"shuangbai/report/pdf"
)

// opened is a .docx read back: its paragraphs' text, its tables' cells,
// its sections' page setup, and its other parts.
type opened struct {
	paras    []string
	tables   [][][]openedCell
	sections []openedSect
	parts    map[string]string
}

type openedCell struct {
	text  string
	span  int
	merge string // "restart", "continue" or ""
}

type openedSect struct {
	w, h, top, bottom, left, right string
	orient                         string
	footers                        []string
	grid                           string
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func openDOCX(t *testing.T, b []byte) *opened {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	o := &opened{parts: map[string]string{}}
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		o.parts[f.Name] = string(data)
	}
	dec := xml.NewDecoder(strings.NewReader(o.parts["word/document.xml"]))
	var text strings.Builder
	var row []openedCell
	var cell *openedCell
	var sect *openedSect
	depth := 0 // tables open
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "tbl":
				depth++
				o.tables = append(o.tables, nil)
			case "tr":
				row = nil
			case "tc":
				cell = &openedCell{span: 1}
			case "gridSpan":
				cell.span, _ = strconv.Atoi(attr(e, "val"))
			case "vMerge":
				cell.merge = attr(e, "val")
				if cell.merge == "" {
					cell.merge = "continue"
				}
			case "p":
				text.Reset()
			case "tab":
				if sect == nil {
					text.WriteString("\t")
				}
			case "br":
				text.WriteString("\n")
			case "sectPr":
				sect = &openedSect{}
			case "pgSz":
				sect.w, sect.h, sect.orient = attr(e, "w"), attr(e, "h"), attr(e, "orient")
			case "pgMar":
				sect.top, sect.bottom, sect.left, sect.right = attr(e, "top"), attr(e, "bottom"), attr(e, "left"), attr(e, "right")
			case "footerReference":
				sect.footers = append(sect.footers, attr(e, "type")+"="+attr(e, "id"))
			case "docGrid":
				sect.grid = attr(e, "type") + "/" + attr(e, "linePitch") + "/" + attr(e, "charSpace")
			}
		case xml.CharData:
			text.Write(e)
		case xml.EndElement:
			switch e.Name.Local {
			case "p":
				if cell != nil {
					cell.text = text.String()
				} else if depth == 0 && sect == nil {
					o.paras = append(o.paras, text.String())
				}
			case "tc":
				row = append(row, *cell)
				cell = nil
			case "tr":
				o.tables[len(o.tables)-1] = append(o.tables[len(o.tables)-1], row)
			case "tbl":
				depth--
			case "sectPr":
				o.sections = append(o.sections, *sect)
				sect = nil
			}
		}
	}
	return o
}

// seedContent is the demo's published issue as the store freezes it,
// built from the same seed texts and the seed's table figures.
func seedContent(t testing.TB) *shuangbai.BriefingContent {
	t.Helper()
	items, err := demo.SeedNews()
	if err != nil {
		t.Fatal(err)
	}
	s := demo.SeedSeries()
	c := &shuangbai.BriefingContent{Series: s.Name, Masthead: s.Masthead, Office: s.Office, Editor: demo.BriefingEditor, Year: 2021, Number: "第1期",
		Date: demo.BriefingDate, SendTo: shuangbai.DistributionLine(s.Recipients, shuangbai.SendTo), CopyTo: shuangbai.DistributionLine(s.Recipients, shuangbai.CopyTo)}
	for _, title := range s.Sections {
		sec := shuangbai.ContentSection{Title: title}
		for _, it := range items {
			if it.Section == title {
				sec.Blocks = append(sec.Blocks, shuangbai.ContentBlock{Kind: shuangbai.EntryNews, Title: it.Item.Title, Paragraphs: it.Item.Paragraphs()})
			}
		}
		c.Sections = append(c.Sections, sec)
	}
	c.Sections[0].Blocks = append(c.Sections[0].Blocks, shuangbai.ContentBlock{Kind: shuangbai.EntryProgress, Table: seedTable()})
	return c
}

func seedTable() *shuangbai.ProgressTable {
	t := &shuangbai.ProgressTable{Unit: "云浮市民政局", RegionCode: "4453", RegionName: "云浮市", Date: demo.BriefingDate}
	for _, r := range []struct {
		name                string
		st, sts, pt, pts, n int
		funding             string
	}{
		{"云城区", 8, 16, 19, 47, 1, "正在测算费用，拟报区政府。"}, {"云安区", 7, 14, 17, 42, 1, "已落实，165.7万元。"},
		{"罗定市", 21, 28, 50, 131, 3, "正在测算费用，拟报市政府。"}, {"新兴县", 12, 24, 30, 82, 1, "测算县本级经费约232.92万元"},
		{"郁南县", 15, 30, 30, 62, 2, "已落实。"},
	} {
		t.Rows = append(t.Rows, shuangbai.ProgressRow{Name: r.name, PlanIssued: true, Coordination: true, Funding: r.funding, Trainings: r.n,
			Stations: shuangbai.SiteCounts{Required: r.st, Built: r.st, Office: r.st, Equipment: shuangbai.EquipBasic, Staff: r.sts},
			Points:   shuangbai.SiteCounts{Required: r.pt, Built: r.pt, Office: r.pt, Equipment: shuangbai.EquipBasic, Staff: r.pts}})
	}
	t.Rows = append(t.Rows, shuangbai.ProgressRow{Name: "市本级", CityLevel: true, PlanIssued: true, Coordination: true, Management: true, Trainings: 2,
		Funding: "已落实。2021年已下拨市级经费161万元"})
	t.Sum()
	return t
}

func TestBriefingDOCXReopened(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteBriefingDOCX(&buf, seedContent(t)); err != nil {
		t.Fatal(err)
	}
	o := openDOCX(t, buf.Bytes())
	all := strings.Join(o.paras, "\n")
	for _, want := range []string{"“双百工程”工作简报", "第1期", "云浮市民政局编\t2021年8月9日", "●市级动态", "●县（市、区）动态", "●社工站（点）动态",
		"省民政厅领导到我市云安区、新兴县开展广东社工“双百计划”项目监测评估工作", "云城区河口街道社工服务站：用脚绘制地图",
		"云浮市2021年“双百工程”社工站（点）建设进度情况一览表", "制表单位：云浮市民政局\t时间：2021年8月9日", shuangbai.ProgressNotes[0],
		"发至：谢月浩副市长、谢汉东副秘书长；市直有关单位，各县（市、区）委深改委、人民政府，民政局。", "抄送：省民政厅，市委深改委成员。"} {
		if !strings.Contains(all, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	// The table: a merged two-row header and the computed 合计.
	if len(o.tables) != 1 {
		t.Fatalf("%d tables", len(o.tables))
	}
	tb := o.tables[0]
	if len(tb) != 2+6+1 {
		t.Fatalf("%d rows, want 2 header, 6 and 合计", len(tb))
	}
	head := tb[0]
	if len(head) != 8 || head[2].text != "社工站" || head[2].span != 5 || head[3].span != 5 || head[0].merge != "restart" || tb[1][0].merge != "continue" {
		t.Errorf("header %+v", head)
	}
	if len(tb[1]) != 16 || tb[1][2].text != "应建社工站数量" {
		t.Errorf("second header row %+v", tb[1])
	}
	total := tb[len(tb)-1]
	if total[0].text != "合计" || total[11].text != "364" || total[2].text != "63" || total[15].text != "10次" || total[1].text != "" {
		t.Errorf("合计 %+v", total)
	}
	self := tb[len(tb)-2]
	if self[0].text != "市本级" || self[2].text != "" || self[14].text != "已落实。2021年已下拨市级经费161万元" {
		t.Errorf("市本级 %+v", self)
	}
	// Page setup: portrait, the table's landscape section, portrait again.
	if len(o.sections) != 3 {
		t.Fatalf("%d sections, want 3", len(o.sections))
	}
	for i, want := range []openedSect{
		{w: "11906", h: "16838", top: "2098", bottom: "1984", left: "1587", right: "1474", grid: "lines/579/"},
		{w: "16838", h: "11906", orient: "landscape", grid: "lines/312/"},
		{w: "11906", h: "16838", top: "2098", bottom: "1984", left: "1587", right: "1474", grid: "lines/579/"},
	} {
		got := o.sections[i]
		if got.w != want.w || got.h != want.h || got.orient != want.orient || got.grid != want.grid || want.top != "" && (got.top != want.top ||
			got.bottom != want.bottom || got.left != want.left || got.right != want.right) {
			t.Errorf("section %d: %+v, want %+v", i+1, got, want)
		}
		if strings.Join(got.footers, ",") != "default=rIdFooter,even=rIdFooterEven" {
			t.Errorf("section %d footers %v", i+1, got.footers)
		}
	}
	if !strings.Contains(o.parts["word/settings.xml"], "<w:evenAndOddHeaders/>") {
		t.Error("no odd and even footers")
	}
	for part, jc := range map[string]string{"word/footer1.xml": `<w:ind w:right="280"/><w:jc w:val="right"/>`, "word/footer2.xml": `<w:ind w:left="280"/><w:jc w:val="left"/>`} {
		f := o.parts[part]
		if !strings.Contains(f, jc) || !strings.Contains(f, `w:instr=" PAGE "`) || !strings.Contains(f, "— ") || !strings.Contains(f, `w:eastAsia="宋体"`) || !strings.Contains(f, `w:val="28"`) {
			t.Errorf("%s: %s", part, f)
		}
	}
	doc := o.parts["word/document.xml"]
	for _, want := range []string{`<w:color w:val="FF0000"/>`, `<w:bottom w:val="single" w:sz="12" w:space="4" w:color="FF0000"/>`,
		`w:eastAsia="方正小标宋简体"`, `w:eastAsia="黑体"`, `w:eastAsia="仿宋_GB2312"`, `<w:sz w:val="44"/>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
}

// The PDF writer reads what Word shows: every paragraph and the table are
// blocks, in order, with the sections around the table.
func TestBriefingBlocks(t *testing.T) {
	blocks := report.BriefingDocument(seedContent(t)).Blocks()
	var kinds []string
	for _, b := range blocks {
		switch {
		case b.Section != nil && b.Section.Landscape:
			kinds = append(kinds, "L")
		case b.Section != nil:
			kinds = append(kinds, "P")
		case b.Table != nil:
			kinds = append(kinds, "T")
		}
	}
	if strings.Join(kinds, "") != "LTP" {
		t.Errorf("sections and tables %v", kinds)
	}
	if p := blocks[0].Paragraph; p == nil || p.Color != report.Red || p.Text != "“双百工程”工作简报" {
		t.Errorf("first block %+v", blocks[0])
	}
	if p := blocks[2].Paragraph; p == nil || p.RuleBelow != report.Red {
		t.Errorf("the issue line %+v", blocks[2])
	}
}

func BenchmarkBriefingDOCX(b *testing.B) {
	c := seedContent(b)
	for b.Loop() {
		if err := report.WriteBriefingDOCX(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBriefingHTML(t *testing.T) {
	var buf bytes.Buffer
	if err := report.BriefingHTML(&buf, seedContent(t)); err != nil {
		t.Fatal(err)
	}
	h := buf.String()
	for _, want := range []string{`<h1 class="masthead">“双百工程”工作简报</h1>`, "<h2>●县（市、区）动态</h2>", `<th colspan="5">社工站</th>`,
		"<th>应建社工点数量</th>", `<tr class="total"><td>合计</td>`, "<td>364</td>", "发至：谢月浩副市长", "编辑：" + demo.BriefingEditor} {
		if !strings.Contains(h, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// BenchmarkBriefingPDF: the seed issue as PDF (issue target: under 1 s),
// from the same document the Word file is written from.
func BenchmarkBriefingPDF(b *testing.B) {
	c := seedContent(b)
	for b.Loop() {
		if err := pdf.Write(io.Discard, report.BriefingDocument(c)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBriefingPDFText: the seed issue's PDF holds its masthead, a news
// title and the table's total, as text a reader can search and copy.
func TestBriefingPDFText(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext missing: apt-get install poppler-utils")
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, report.BriefingDocument(seedContent(t))); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-", "-")
	cmd.Stdin = &buf
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"工作简报", "县（市、区）动态", "364", "发至："} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"shuangbai/report/docx"
)

// unzip returns the parts of a .docx, each checked to be well-formed XML.
func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed: %v\n%s", f.Name, err, data)
			}
		}
		out[f.Name] = string(data)
	}
	return out
}

// bodyRows counts the rows of the tables in document.xml and the cells
// of each row.
func bodyRows(t *testing.T, doc string) (rows int, header int, cells []int) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(doc))
	n := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "tr":
				rows++
				n = 0
			case "tc":
				n++
			case "tblHeader":
				header++
			}
		case xml.EndElement:
			if e.Name.Local == "tr" {
				cells = append(cells, n)
			}
		}
	}
}

func sample() *docx.Document {
	d := docx.New()
	d.Title, d.Author = "拟聘用人员公示", "云浮市民政局"
	d.Created = time.Date(2021, 9, 1, 8, 0, 0, 0, time.UTC)
	d.Heading("2021年云浮市“双百工程”社工公开招聘\n拟聘用人员名单公示")
	d.Text("根据招聘公告，现将拟聘用人员名单予以公示。公示期间如有异议，请以书面形式向市民政局反映 <A&B>。")
	d.AddTable(docx.Table{
		Widths: []int{2, 3, 3, 2},
		Header: [][]docx.Cell{
			{{Text: "序号", MergeDown: true}, {Text: "岗位", MergeDown: true}, {Text: "成绩", Span: 2}},
			{{Merged: true}, {Merged: true}, {Text: "笔试"}, {Text: "面试"}},
		},
		Rows: [][]docx.Cell{
			{{Text: "1"}, {Text: "河口街道社工站", MergeDown: true}, {Text: "85.5"}, {Text: "90"}},
			{{Text: "2"}, {Merged: true}, {Text: "80"}, {Text: "\x01坏字符"}},
		},
	})
	d.Signature("云浮市民政局", "2021年9月1日")
	return d
}

func TestDocumentStructure(t *testing.T) {
	var buf bytes.Buffer
	if _, err := sample().WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, buf.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/footer1.xml",
		"word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml"} {
		if parts[name] == "" {
			t.Errorf("missing part %s", name)
		}
	}
	doc := parts["word/document.xml"]
	rows, header, cells := bodyRows(t, doc)
	if rows != 4 || header != 2 {
		t.Errorf("%d rows (%d header), want 4 (2)", rows, header)
	}
	if want := []int{3, 4, 4, 4}; len(cells) != 4 || cells[0] != want[0] || cells[1] != want[1] {
		t.Errorf("cells per row %v, want %v", cells, want)
	}
	for _, want := range []string{
		`<w:gridSpan w:val="2"/>`, `<w:vMerge w:val="restart"/>`, `<w:vMerge/>`, `w:eastAsia="仿宋_GB2312"`, `w:eastAsia="方正小标宋简体"`,
		`<w:pgSz w:w="11906" w:h="16838"/>`, `<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`, "&lt;A&amp;B&gt;", "<w:br/>",
		`w:firstLine="640"`, `<w:jc w:val="right"/>`, "坏字符",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if strings.Contains(doc, "\x01") {
		t.Error("a control character reached the XML")
	}
	if !strings.Contains(parts["word/footer1.xml"], `w:instr=" PAGE "`) {
		t.Error("no page number in the footer")
	}
	// Identical input, identical bytes: the date is the document's.
	var again bytes.Buffer
	sample().WriteTo(&again)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two writes of the same document differ")
	}
}

func TestLandscape(t *testing.T) {
	d := docx.New()
	d.Landscape = true
	d.AddTable(docx.Table{Widths: []int{1}, Rows: [][]docx.Cell{{{Text: "x"}}}})
	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	doc := unzip(t, buf.Bytes())["word/document.xml"]
	if !strings.Contains(doc, `w:orient="landscape"`) || !strings.Contains(doc, `<w:tblW w:w="12756"`) || !strings.HasSuffix(strings.TrimSpace(doc), "</w:document>") {
		t.Errorf("landscape document: %s", doc)
	}
	if !strings.Contains(doc, "</w:tbl>\n<w:p>") {
		t.Error("a closing table is not followed by a paragraph")
	}
}

func TestMalformedTables(t *testing.T) {
	for _, tt := range []struct {
		name string
		t    docx.Table
		want string
	}{
		{"no widths", docx.Table{}, "column widths"},
		{"row too short", docx.Table{Widths: []int{1, 1}, Rows: [][]docx.Cell{{{Text: "a"}}}}, "covers 1 of"},
		{"row too wide", docx.Table{Widths: []int{1, 1}, Rows: [][]docx.Cell{{{Text: "a", Span: 3}}}}, "wider"},
		{"merged with nothing", docx.Table{Widths: []int{1}, Rows: [][]docx.Cell{{{Merged: true}}}}, "merges with nothing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := docx.New()
			d.AddTable(tt.t)
			_, err := d.WriteTo(io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// A section break closes the section before it with that section's page
// setup; colours, rules, page breaks and tabs reach the XML.
func TestSectionsAndParagraphMarks(t *testing.T) {
	d := docx.New()
	d.Add(docx.Paragraph{Text: "报头", Color: "FF0000", RuleBelow: "FF0000"})
	d.NewSection(true)
	d.AddTable(docx.Table{Widths: []int{1, 1}, Rows: [][]docx.Cell{{{Text: "a"}, {Text: "b"}}}})
	d.NewSection(false)
	d.Add(docx.Paragraph{Text: "编\t日期", PageBreak: true})
	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	doc := unzip(t, buf.Bytes())["word/document.xml"]
	if n := strings.Count(doc, "<w:sectPr>"); n != 3 {
		t.Errorf("%d sections, want 3", n)
	}
	first, second := strings.Index(doc, `<w:pgSz w:w="11906" w:h="16838"/>`), strings.Index(doc, `w:orient="landscape"`)
	if first < 0 || second < first || !strings.Contains(doc[strings.Index(doc, "</w:tbl>"):], `w:orient="landscape"`) {
		t.Error("the landscape section does not close after its table")
	}
	for _, want := range []string{`<w:color w:val="FF0000"/>`, `<w:pBdr><w:bottom`, `<w:pageBreakBefore/>`, `<w:tab/>`, `<w:tab w:val="right" w:pos="8844"/>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if got := d.Blocks(); len(got) != 5 || got[1].Section == nil || !got[1].Section.Landscape || !got[4].Paragraph.PageBreak {
		t.Errorf("blocks %+v", got)
	}
}

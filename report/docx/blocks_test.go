package docx

import "testing"

func TestBlocksKeepOrderAndDefaults(t *testing.T) {
	d := New()
	d.Heading("标题")
	d.AddTable(Table{Widths: []int{1, 2}, Rows: [][]Cell{{{Text: "甲"}, {Text: "乙"}}}})
	d.NewSection(true)
	d.Text("正文")
	got := d.Blocks()
	if len(got) != 4 {
		t.Fatalf("%d blocks, want 4", len(got))
	}
	if p := got[0].Paragraph; p == nil || p.Text != "标题" || p.Font != FontTitle {
		t.Errorf("block 1 = %+v, want the heading in %s", p, FontTitle)
	}
	if tb := got[1].Table; tb == nil || tb.Rows[0][1].Text != "乙" {
		t.Errorf("block 2 = %+v, want the table", tb)
	}
	if s := got[2].Section; s == nil || !s.Landscape {
		t.Errorf("block 3 = %+v, want a landscape section", s)
	}
	if p := got[3].Paragraph; p == nil || p.Font != FontBody || p.Size != Size3 || p.Align != Both {
		t.Errorf("block 4 = %+v, want body text with its defaults", p)
	}
	var buf writerCount
	if _, err := d.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
}

type writerCount int

func (w *writerCount) Write(p []byte) (int, error) { *w += writerCount(len(p)); return len(p), nil }

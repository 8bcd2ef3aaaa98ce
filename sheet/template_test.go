package sheet

import (
	"bytes"
	"testing"

	"shuangbai"
)

// TestTemplateReadsBack: the blank register maps itself, and its sample row
// (once the hint row is gone) is a valid person.
func TestTemplateReadsBack(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	tab, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	m := Propose(tab.Header)
	for _, f := range Fields {
		if !m.Has(f.Field) {
			t.Errorf("template column %s is not recognised", f.Label)
		}
	}
	if !shuangbai.ValidIDNumber(templateExample[FieldIDNumber]) {
		t.Errorf("sample ID %s fails its check digit", templateExample[FieldIDNumber])
	}
}

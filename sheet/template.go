package sheet

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// templateExample is the sample row of the blank register: a made-up
// person whose ID number passes the check digit, so the sheet can be tried
// as it is.
var templateExample = map[Field]string{
	FieldName: "（示例）陈某某", FieldIDNumber: "445302195001011018", FieldGender: "男", FieldBirth: "1950-01-01",
	FieldPhone: "13800138000", FieldAddress: "河口街道双上村", FieldRegion: "445302003208", FieldVillage: "双上村民委员会",
	FieldHeadName: "陈某某", FieldRelation: "户主", FieldGroups: "残疾人、低保", FieldDisability: "肢体二级",
	FieldFoundBy: "入户走访", FieldFoundOn: "2021-03-01", FieldLevel: "二级",
}

// WriteTemplate writes a blank beneficiary register (服务对象名册) whose
// headers the importer recognises without any mapping, with a hint under
// each header and one sample row to delete.
func WriteTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sh = "服务对象名册"
	f.SetSheetName("Sheet1", sh)
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1},
		Border: []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}})
	hint, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "777777", Size: 9}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": ID numbers and codes stay text, not 4.45E+17
	for i, fd := range Fields {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellStr(sh, col+"1", fd.Label)
		f.SetCellStr(sh, col+"2", fd.Hint)
		f.SetCellStr(sh, col+"3", templateExample[fd.Field])
		f.SetColWidth(sh, col, col, 16)
		f.SetColStyle(sh, col, text)
	}
	last, _ := excelize.ColumnNumberToName(len(Fields))
	f.SetCellStyle(sh, "A1", last+"1", head)
	f.SetCellStyle(sh, "A2", last+"2", hint)
	f.SetRowHeight(sh, 2, 45)
	f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	return f.Write(w)
}

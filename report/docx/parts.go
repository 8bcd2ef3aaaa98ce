package docx

import (
	"encoding/xml"
	"strconv"
	"strings"
	"text/template"
)

// docData is what the parts' templates execute with.
type docData struct {
	Blocks  []block
	Title   string
	Author  string
	Created string
	Last    *sect // the last section's properties, ending the body
}

// parts are the files of the package, in the order they are written.
var parts = []struct{ name, template string }{
	{"[Content_Types].xml", "types"},
	{"_rels/.rels", "rels"},
	{"docProps/core.xml", "core"},
	{"docProps/app.xml", "app"},
	{"word/_rels/document.xml.rels", "docrels"},
	{"word/styles.xml", "styles"},
	{"word/settings.xml", "settings"},
	{"word/footer1.xml", "footer"},
	{"word/footer2.xml", "footereven"},
	{"word/document.xml", "document"},
}

// esc escapes text for XML character data and attributes.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

var funcs = template.FuncMap{
	"x":    esc,
	"list": func(xs ...string) []string { return xs },
	"tabs": func(s string) []string { return strings.Split(s, "\t") },
}

var templates = template.Must(template.New("docx").Funcs(funcs).Parse(`
{{- define "types"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>
{{end}}

{{- define "rels"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>
{{end}}

{{- define "core"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{{x .Title}}</dc:title>
<dc:creator>{{x .Author}}</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">{{.Created}}</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">{{.Created}}</dcterms:modified>
</cp:coreProperties>
{{end}}

{{- define "app"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>双百社工站（点）管理系统</Application></Properties>
{{end}}

{{- define "docrels"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>
</Relationships>
{{end}}

{{- define "styles"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr><w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>
{{end}}

{{- define "settings"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/></w:settings>
{{end}}

{{- /* GB/T 9704 page numbers: 4号 宋体 "— 1 —", odd pages at the right and
even pages at the left, one character (14 pt) in from the text's edge. */}}
{{- define "footer"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:p><w:pPr><w:ind w:right="280"/><w:jc w:val="right"/></w:pPr>{{template "pagenum"}}</w:p>
</w:ftr>
{{end}}

{{- define "footereven"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:p><w:pPr><w:ind w:left="280"/><w:jc w:val="left"/></w:pPr>{{template "pagenum"}}</w:p>
</w:ftr>
{{end}}

{{- define "pagenum"}}{{template "footrun" "— "}}<w:fldSimple w:instr=" PAGE ">{{template "footrun" "1"}}</w:fldSimple>{{template "footrun" " —"}}{{end}}

{{- define "footrun"}}<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">{{.}}</w:t></w:r>{{end}}

{{- define "document"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<w:body>
{{- range .Blocks}}{{if .P}}{{template "para" .P}}{{else if .T}}{{template "table" .T}}{{else if .End}}
<w:p><w:pPr>{{template "sectPr" .End}}</w:pPr></w:p>{{end}}{{end}}
{{template "sectPr" .Last}}
</w:body>
</w:document>
{{end}}

{{- define "sectPr"}}<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>
{{- with .Margins}}<w:pgSz w:w="{{.Width}}" w:h="{{.Height}}"{{if $.Landscape}} w:orient="landscape"{{end}}/><w:pgMar w:top="{{.Top}}" w:right="{{.Right}}" w:bottom="{{.Bottom}}" w:left="{{.Left}}" w:header="851" w:footer="992" w:gutter="0"/>{{end}}
<w:docGrid w:type="lines" w:linePitch="{{.LinePitch}}"/></w:sectPr>
{{- end}}

{{- define "run"}}<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{{x .Font}}" w:cs="Times New Roman"/>{{if .Bold}}<w:b/>{{end}}{{if .Color}}<w:color w:val="{{x .Color}}"/>{{end}}{{if .Line}}<w:spacing w:val="-5"/>{{end}}<w:sz w:val="{{.Size}}"/><w:szCs w:val="{{.Size}}"/></w:rPr>
{{- range $i, $l := .Lines}}{{if $i}}<w:br/>{{end}}{{range $j, $t := tabs $l}}{{if $j}}<w:tab/>{{end}}<w:t xml:space="preserve">{{x $t}}</w:t>{{end}}{{end}}</w:r>{{end}}

{{- define "para"}}
<w:p><w:pPr>{{if .PageBreak}}<w:pageBreakBefore/>{{end}}{{if .RuleBelow}}<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="{{x .RuleBelow}}"/></w:pBdr>{{end}}{{if .Tab}}<w:tabs><w:tab w:val="right" w:pos="{{.Tab}}"/></w:tabs>{{end}}{{if not .Line}}<w:snapToGrid w:val="0"/>{{end}}<w:spacing w:before="{{.BeforeTw}}" w:after="{{.AfterTw}}"{{if .Line}} w:line="{{.Line}}" w:lineRule="exact"{{end}}/>{{if .Indent}}<w:ind w:firstLineChars="200" w:firstLine="{{.IndentTw}}"/>{{end}}<w:jc w:val="{{.Align}}"/></w:pPr>{{template "run" .}}</w:p>
{{- end}}

{{- define "table"}}
<w:tbl><w:tblPr><w:tblW w:w="{{.Width}}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>
{{- range (list "top" "left" "bottom" "right" "insideH" "insideV")}}<w:{{.}} w:val="single" w:sz="4" w:space="0" w:color="000000"/>{{end -}}
</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>
<w:tblGrid>{{range .Cols}}<w:gridCol w:w="{{.}}"/>{{end}}</w:tblGrid>
{{.RowsXML}}
</w:tbl>
{{- end}}

`))

// RowsXML writes the table's rows. They are the bulk of a long document (a
// notice of 2,000 people has 24,000 cells), so they are written here
// directly rather than through the templates: a third of the time.
func (t *table) RowsXML() string {
	var b strings.Builder
	b.Grow((len(t.Header) + len(t.Rows)) * len(t.Cols) * 420)
	for _, row := range t.Header {
		b.WriteString(`<w:tr><w:trPr><w:tblHeader/><w:cantSplit/><w:trHeight w:val="454"/></w:trPr>`)
		for _, c := range row {
			t.writeCell(&b, c, true)
		}
		b.WriteString("</w:tr>\n")
	}
	for _, row := range t.Rows {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="454"/></w:trPr>`)
		for _, c := range row {
			t.writeCell(&b, c, false)
		}
		b.WriteString("</w:tr>\n")
	}
	return b.String()
}

func (t *table) writeCell(b *strings.Builder, c cell, head bool) {
	b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="`)
	b.WriteString(strconv.Itoa(c.Width))
	b.WriteString(`" w:type="dxa"/>`)
	if c.Span > 1 {
		b.WriteString(`<w:gridSpan w:val="` + strconv.Itoa(c.Span) + `"/>`)
	}
	switch c.Merge {
	case "restart":
		b.WriteString(`<w:vMerge w:val="restart"/>`)
	case "continue":
		b.WriteString(`<w:vMerge/>`)
	}
	b.WriteString(`<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:snapToGrid w:val="0"/><w:jc w:val="` + c.Align + `"/></w:pPr>`)
	size := strconv.Itoa(t.Size)
	b.WriteString(`<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="` + FontTable + `" w:cs="Times New Roman"/>`)
	if c.Bold || head {
		b.WriteString("<w:b/>")
	}
	b.WriteString(`<w:sz w:val="` + size + `"/><w:szCs w:val="` + size + `"/></w:rPr>`)
	for i, l := range c.Lines {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		xml.EscapeText(b, []byte(l))
		b.WriteString("</w:t>")
	}
	b.WriteString("</w:r></w:p></w:tc>")
}

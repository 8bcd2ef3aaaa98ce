package report

import (
	"bytes"
	"html/template"
	"io"

	"shuangbai"
)

// BriefingHTML writes an issue as a printable HTML page of its own: the
// same content as the Word file, laid out for A4 with the fonts named (the
// reader's machine supplies them), the progress table on a landscape page.
func BriefingHTML(w io.Writer, c *shuangbai.BriefingContent) error {
	return briefingPage.Execute(w, briefingView(c))
}

// BriefingFragment returns the body alone, for a page that shows
// it inside its own layout (the draft's live preview).
func BriefingFragment(c *shuangbai.BriefingContent) (template.HTML, error) {
	var b bytes.Buffer
	if err := briefingPage.ExecuteTemplate(&b, "issue", briefingView(c)); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

type htmlTable struct {
	T    *shuangbai.ProgressTable
	Rows [][]string // the cells as the Word table prints them, 合计 last
}

type htmlView struct {
	*shuangbai.BriefingContent
	Tables map[*shuangbai.ProgressTable]htmlTable
}

func briefingView(c *shuangbai.BriefingContent) htmlView {
	v := htmlView{BriefingContent: c, Tables: map[*shuangbai.ProgressTable]htmlTable{}}
	for i := range c.Sections {
		for j := range c.Sections[i].Blocks {
			b := &c.Sections[i].Blocks[j]
			if b.Table == nil {
				continue
			}
			ht := htmlTable{T: b.Table}
			for _, r := range b.Table.Rows {
				kind := kindCounty
				if r.CityLevel {
					kind = kindSelf
				}
				ht.Rows = append(ht.Rows, progressCells(r, kind))
			}
			ht.Rows = append(ht.Rows, progressCells(shuangbai.ProgressTotal(b.Table.Rows), kindTotal))
			v.Tables[b.Table] = ht
		}
	}
	return v
}

var briefingFuncs = template.FuncMap{
	"inc":   func(i int) int { return i + 1 },
	"notes": func() []string { return shuangbai.ProgressNotes },
	// subheads are the second header row: the columns of the two groups.
	"subheads": func() []string {
		var out []string
		for _, c := range shuangbai.ProgressColumns {
			if c.Group != "" {
				out = append(out, c.Name)
			}
		}
		return out
	},
}

var briefingPage = template.Must(template.New("page").Funcs(briefingFuncs).Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Series}} {{.Number}}</title>
<style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page land { size: A4 landscape; margin: 20mm 20mm; }
body { font-family: "仿宋_GB2312", "FangSong", "STFangsong", serif; font-size: 16pt; line-height: 28.95pt; max-width: 156mm; margin: 2em auto; }
.masthead { color: #f00; font-family: "方正小标宋简体", "STZhongsong", serif; font-size: 36pt; line-height: 1.4; text-align: center; margin: 0 0 .3em; font-weight: normal; }
.number { text-align: center; margin: 0; }
.issue-line { display: flex; justify-content: space-between; border-bottom: 2px solid #f00; padding-bottom: 4pt; margin: 0 0 18pt; }
.correction { text-align: center; color: #f00; font-family: "黑体", "SimHei", sans-serif; margin: 0; }
h2 { font-family: "黑体", "SimHei", sans-serif; font-size: 16pt; font-weight: normal; margin: 12pt 0 6pt; }
h3 { font-family: "方正小标宋简体", "STZhongsong", serif; font-size: 22pt; font-weight: normal; line-height: 1.4; text-align: center; margin: 12pt 0; }
h4 { font-family: "楷体_GB2312", "KaiTi", serif; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
p { text-indent: 2em; margin: 0; text-align: justify; }
p.kai { font-family: "楷体_GB2312", "KaiTi", serif; }
.land { page: land; break-before: page; break-after: page; max-width: none; }
.land h3 { font-size: 16pt; }
.table-meta { display: flex; justify-content: space-between; font-family: "宋体", serif; font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; font-family: "宋体", serif; font-size: 9pt; line-height: 1.3; }
th, td { border: 1px solid #000; padding: 2pt; text-align: center; }
td.funding { text-align: left; }
tr.total td { font-weight: bold; }
.notes p { text-indent: 0; font-size: 10.5pt; line-height: 1.5; }
.record { margin-top: 24pt; border-top: 1px solid #000; border-bottom: 1px solid #000; font-size: 14pt; line-height: 1.8; }
.record p { text-indent: 0; }
.record .end { display: flex; justify-content: space-between; border-top: 1px solid #000; }
@media print { body { margin: 0; } }
</style></head>
<body>{{template "issue" .}}</body></html>
{{define "issue"}}<article class="briefing">
<h1 class="masthead">{{.Masthead}}</h1>
{{- if .Correction}}<p class="correction">（勘误）</p>{{end}}
<p class="number">{{.Number}}</p>
<div class="issue-line"><span>{{.Office}}编</span><span>{{.Date.Chinese}}</span></div>
{{- if .Correction}}<p class="kai">{{.Correction}}</p>{{end}}
{{- range .Sections}}
<section><h2>●{{.Title}}</h2>
{{- range .Blocks}}
{{- if .Table}}{{template "table" (index $.Tables .Table)}}
{{- else if eq .Kind "news"}}<h3>{{.Title}}</h3>{{range .Paragraphs}}<p>{{.}}</p>{{end}}
{{- else}}{{if .Title}}<h4>{{.Title}}</h4>{{end}}{{range .Paragraphs}}<p>{{.}}</p>{{end}}{{end}}
{{- end}}
</section>
{{- end}}
<div class="record">
{{- if .SendTo}}<p>发至：{{.SendTo}}</p>{{end}}
{{- if .CopyTo}}<p>抄送：{{.CopyTo}}</p>{{end}}
<div class="end"><span>{{if .Editor}}编辑：{{.Editor}}{{end}}</span><span>{{.Date.Chinese}}印发</span></div>
</div>
</article>{{end}}
{{define "table"}}<div class="land">
<h3>{{.T.Title}}</h3>
<div class="table-meta"><span>制表单位：{{.T.Unit}}</span><span>时间：{{.T.Date.Chinese}}</span></div>
<table>
<thead><tr><th rowspan="2">县（市、区）</th><th rowspan="2">方案出台情况</th><th colspan="5">社工站</th><th colspan="5">社工点</th>
<th rowspan="2">是否建立工作协调机制</th><th rowspan="2">是否建立站点管理机制</th><th rowspan="2">落实经费情况</th><th rowspan="2">开展社工业务培训情况</th></tr>
<tr>{{range subheads}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range $i, $r := .Rows}}<tr{{if eq (len $.Rows) (inc $i)}} class="total"{{end}}>{{range $j, $c := $r}}<td{{if eq $j 14}} class="funding"{{end}}>{{$c}}</td>{{end}}</tr>{{end}}</tbody>
</table>
<div class="notes">{{range notes}}<p>{{.}}</p>{{end}}</div>
</div>{{end}}
`))

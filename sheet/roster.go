package sheet

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"shuangbai"
)

// Options are what ParseRoster checks rows against.
type Options struct {
	// Today bounds birth and identification dates.
	Today shuangbai.Date
	// Villages holds the villages and communities the user may file people
	// in, code → name: a code outside it is refused, and a name is looked up
	// in it when the register has no code column.
	Villages map[string]string
	// DefaultLevel is the follow-up level of rows that give none; 0 means
	// 四级, the least frequent visits.
	DefaultLevel shuangbai.Level4
	// Staff holds the staff the user may name as a row's 责任社工, by name:
	// a name outside it, or one that two people have, is refused.
	Staff map[string][]Staff
}

// Staff is a member of staff a register may name as responsible worker.
type Staff struct {
	ID     int64
	Region string // the county or town they are registered in
}

// Problem is something wrong with, or worth checking in, one row.
type Problem struct {
	Row     int    // 1-based row of the sheet, as Excel numbers it
	Col     string // the column's letter, e.g. "B"; "" for the row as a whole
	Header  string // the column's header as the file has it, e.g. "身份证号"
	Message string
	Warning bool // a possible mistake to check; the row can still be imported
}

// String formats p as the user reads it: 第12行：身份证号校验位不正确…
func (p Problem) String() string { return fmt.Sprintf("第%d行：%s", p.Row, p.Message) }

// Column names the column for a list: "B 身份证号", or "" for the row as a
// whole.
func (p Problem) Column() string {
	if p.Col == "" {
		return ""
	}
	return p.Col + " " + p.Header
}

// Record is one row of a register read as a beneficiary.
type Record struct {
	Row      int // 1-based row of the sheet
	Person   shuangbai.Beneficiary
	HeadName string // 户主姓名; "" when the register gives none
	Invalid  bool   // the row has an error in Problems and must not be imported
}

// Roster is a register read with a mapping: a record per data row, and the
// problems found, in row order.
type Roster struct {
	Records  []Record
	Problems []Problem
	Invalid  int // rows with at least one error
	Warnings int // warnings, over all rows
}

// Valid returns the number of rows without errors.
func (r *Roster) Valid() int { return len(r.Records) - r.Invalid }

// ParseRoster reads the rows of t as beneficiaries, with the columns given
// by m, and checks each row: the ID number's check digit and that birth
// date and gender agree with it, the village against opt.Villages, the phone
// number, the groups, dates and levels as written; then the rows against
// each other: an ID number twice keeps the first row and refuses the later
// ones, and the same name and birth date in one village is a warning (and
// the later rows refused when no row has an ID number, since nothing could
// tell them apart). A row may lack what ValidateImport lets through (a
// disabled person's grade): it is imported with a warning, its file marked
// 待补充. It returns an error only when m itself is unusable.
func ParseRoster(t *Table, m Mapping, opt Options) (*Roster, error) {
	if err := m.Check(t.Header); err != nil {
		return nil, err
	}
	if !opt.DefaultLevel.Valid() {
		opt.DefaultLevel = 4
	}
	p := &rosterParser{t: t, m: m, opt: opt, out: &Roster{Records: make([]Record, 0, len(t.Rows))}, byName: map[string][]string{}}
	for code, name := range opt.Villages {
		for _, k := range villageKeys(name) {
			p.byName[k] = append(p.byName[k], code)
		}
	}
	for _, r := range t.Rows {
		p.row(r)
	}
	p.duplicates()
	slices.SortStableFunc(p.out.Problems, func(a, b Problem) int { return a.Row - b.Row })
	for _, pr := range p.out.Problems {
		if pr.Warning {
			p.out.Warnings++
		}
	}
	for _, rec := range p.out.Records {
		if rec.Invalid {
			p.out.Invalid++
		}
	}
	return p.out, nil
}

type rosterParser struct {
	t      *Table
	m      Mapping
	opt    Options
	out    *Roster
	byName map[string][]string // each of villageKeys → codes
}

// problem returns a problem in row at the column of field f.
func (p *rosterParser) problem(row int, f Field, warning bool, msg string) Problem {
	pr := Problem{Row: row, Message: msg, Warning: warning}
	if col := p.m.Column(f); col >= 0 {
		pr.Col, pr.Header = colLetter(col), p.t.Header[col]
		if pr.Header == "" {
			pr.Header = f.Label()
		}
	}
	return pr
}

// rowCheck collects the problems of one row.
type rowCheck struct {
	p   *rosterParser
	rec *Record
	bad map[Field]bool
}

func (c *rowCheck) fail(f Field, format string, args ...any) {
	c.bad[f] = true
	c.rec.Invalid = true
	c.p.out.Problems = append(c.p.out.Problems, c.p.problem(c.rec.Row, f, false, fmt.Sprintf(format, args...)))
}

func (c *rowCheck) warn(f Field, format string, args ...any) {
	c.p.out.Problems = append(c.p.out.Problems, c.p.problem(c.rec.Row, f, true, fmt.Sprintf(format, args...)))
}

// notes are words that start a row of notes under a register, not a person.
var notes = []string{"合计", "总计", "注", "说明", "备注", "填表", "制表", "审核"}

func (p *rosterParser) row(r Row) {
	cell := func(f Field) string {
		if col := p.m.Column(f); col >= 0 {
			return r.Cell(col)
		}
		return ""
	}
	filled := 0
	for col, f := range p.m {
		if f != "" && r.Cell(col) != "" {
			filled++
		}
	}
	if filled == 0 {
		return // only columns left out are filled: nothing to import
	}
	name := cleanName(fold(cell(FieldName)))
	if filled == 1 && name != "" {
		for _, w := range notes {
			if strings.HasPrefix(name, w) {
				return // a total or a note under the table
			}
		}
	}
	p.out.Records = append(p.out.Records, Record{Row: r.Num})
	rec := &p.out.Records[len(p.out.Records)-1]
	c := &rowCheck{p: p, rec: rec, bad: map[Field]bool{}}
	b := &rec.Person
	for _, col := range r.Long {
		if col < len(p.m) && p.m[col] != "" {
			c.fail(p.m[col], "内容超过 %d 字，请精简后再导入", p.t.limitRunes())
		}
	}

	b.Name = name
	if b.Name == "" {
		c.fail(FieldName, "请填写姓名")
	} else if len([]rune(b.Name)) > 50 {
		c.fail(FieldName, "姓名过长（超过50字），请核对")
	}
	p.region(c, cell(FieldRegion), cell(FieldVillage))

	var idInfo *shuangbai.IDInfo
	if raw := cell(FieldIDNumber); raw != "" {
		if id, msg := idCell(raw); msg != "" {
			c.fail(FieldIDNumber, "%s", msg)
		} else if info, err := shuangbai.ParseIDNumber(id); err != nil {
			msg := shuangbai.ErrorMessage(err)
			if strings.Contains(msg, "校验位") && strings.HasSuffix(id, "00") {
				// Excel keeps 15 significant digits of a number: an ID typed
				// into a General cell comes back with its last digits zeroed.
				msg = "身份证号校验位不正确，且末尾是“00”：很可能是 Excel 把身份证号存成了数字、最后几位已丢失。请把该列设为“文本”格式，重新填写后再上传"
			}
			c.fail(FieldIDNumber, "%s", msg)
		} else {
			b.IDNumber, idInfo = info.Number, &info
		}
	}
	if raw := cell(FieldBirth); raw != "" {
		d, monthOnly, msg := dateCell(raw)
		switch {
		case msg != "":
			c.fail(FieldBirth, "出生%s", msg)
		case monthOnly && idInfo != nil:
			if d.Time().Year() != idInfo.Birth.Time().Year() || d.Time().Month() != idInfo.Birth.Time().Month() {
				c.fail(FieldBirth, "出生日期与身份证号不符（身份证号为 %s）", idInfo.Birth)
			} else {
				b.Birth = idInfo.Birth
			}
		case monthOnly && !c.bad[FieldIDNumber]:
			c.fail(FieldBirth, "出生日期只有年月（%s），请填写完整的出生日期或身份证号", raw)
		case !monthOnly:
			b.Birth = d
		}
	}
	if raw := cell(FieldGender); raw != "" {
		if g, ok := genderCell(raw); ok {
			b.Gender = g
		} else {
			c.fail(FieldGender, "性别应填写 男 或 女（填写的是“%s”）", raw)
		}
	}
	if raw := cell(FieldPhone); raw != "" {
		phone, more := phoneCell(raw)
		b.Phone = phone
		if more {
			// The uploader's own data, shown to them only: problems are
			// never logged.
			c.warn(FieldPhone, "填写了多个电话号码，只导入第一个：%s", phone)
		}
	}
	b.Address = strings.TrimSpace(cell(FieldAddress))
	if raw := cell(FieldGroups); raw != "" {
		gs, unknown := groupsCell(raw)
		b.Groups = gs
		if len(unknown) > 0 {
			c.fail(FieldGroups, "未知的人员类别“%s”，可填：%s（多个用、分隔）", strings.Join(unknown, "、"), groupNames())
		}
	}
	b.Disability = squeeze(cell(FieldDisability))
	if raw := cell(FieldFoundBy); raw != "" {
		if fb, ok := foundByCell(raw); ok {
			b.FoundBy = fb
		} else {
			c.fail(FieldFoundBy, "识别方式应为 %s 之一（填写的是“%s”）", foundByNames(), raw)
		}
	}
	if raw := cell(FieldFoundOn); raw != "" {
		d, monthOnly, msg := dateCell(raw)
		switch {
		case msg != "":
			c.fail(FieldFoundOn, "识别%s", msg)
		case monthOnly:
			c.fail(FieldFoundOn, "识别日期只有年月（%s），请填写完整日期", raw)
		default:
			b.FoundOn = d
		}
	}
	b.Level = p.opt.DefaultLevel
	if raw := cell(FieldLevel); raw != "" {
		if l, ok := levelCell(raw); ok {
			b.Level = l
		} else {
			c.fail(FieldLevel, "跟进级别应为 一级、二级、三级 或 四级（填写的是“%s”）", raw)
		}
	}
	if raw := cleanName(fold(cell(FieldWorker))); raw != "" {
		p.worker(c, raw)
	}
	rec.HeadName = cleanName(fold(cell(FieldHeadName)))
	b.Relation = squeeze(cell(FieldRelation))
	switch {
	case b.Relation == "户主" && rec.HeadName == "":
		rec.HeadName = b.Name
	case rec.HeadName != "" && rec.HeadName == b.Name && b.Relation == "":
		b.Relation = "户主"
	}
	p.validate(c)
}

// region resolves the village of a row from its code, or else its name.
func (p *rosterParser) region(c *rowCheck, rawCode, rawName string) {
	code := codeCell(rawCode)
	name := strings.TrimSpace(rawName)
	switch {
	case code != "":
		if shuangbai.LevelOf(code) != shuangbai.LevelVillage {
			c.fail(FieldRegion, "村（社区）代码应为12位数字（填写的是“%s”）", rawCode)
			return
		}
		known, ok := p.opt.Villages[code]
		if !ok {
			c.fail(FieldRegion, "村（社区）代码 %s 不存在或不在您的管辖范围内", code)
			return
		}
		c.rec.Person.Region = code
		if name != "" && !slices.ContainsFunc(villageKeys(name), func(k string) bool { return slices.Contains(villageKeys(known), k) }) {
			c.warn(FieldVillage, "村（社区）名称“%s”与代码 %s（%s）不符，按代码导入", name, code, known)
		}
	case name != "":
		var codes []string
		for _, k := range villageKeys(name) {
			if codes = p.byName[k]; len(codes) > 0 {
				break
			}
		}
		switch len(codes) {
		case 0:
			c.fail(FieldVillage, "在您的管辖范围内找不到村（社区）“%s”，请核对名称或填写12位区划代码", name)
		case 1:
			c.rec.Person.Region = codes[0]
		default:
			sorted := slices.Sorted(slices.Values(codes))
			c.fail(FieldVillage, "您的管辖范围内有 %d 个“%s”（%s），请填写村（社区）代码加以区分", len(codes), name, strings.Join(sorted, "、"))
		}
	default:
		f := FieldRegion
		if !p.m.Has(FieldRegion) {
			f = FieldVillage
		}
		c.fail(f, "请填写村（社区）代码或名称")
	}
}

// worker resolves the 责任社工 a row names among the staff in scope. Two
// people of the same name are told apart by where they work: the one
// registered over the row's village wins; otherwise the row is refused
// rather than given to either.
func (p *rosterParser) worker(c *rowCheck, name string) {
	all := p.opt.Staff[name]
	near := slices.DeleteFunc(slices.Clone(all), func(s Staff) bool {
		return c.rec.Person.Region == "" || !(shuangbai.Scope{Code: s.Region}).Contains(c.rec.Person.Region)
	})
	switch {
	case len(all) == 0:
		c.fail(FieldWorker, "在您管辖范围内的人员名单中找不到责任社工“%s”，请核对姓名，或先在人员名单中登记", name)
	case len(all) == 1:
		c.rec.Person.WorkerID = all[0].ID
	case len(near) == 1:
		c.rec.Person.WorkerID = near[0].ID
	default:
		c.fail(FieldWorker, "您管辖范围内有 %d 位名叫“%s”的人员，无法确定是哪一位：请核对，或留空后在档案中指定责任社工", len(all), name)
	}
}

// validate applies the domain's own checks to what the row parsed into, for
// the fields the row has not already failed on. What an import may leave
// for later is a warning: the row is filed and its file marked 待补充.
func (p *rosterParser) validate(c *rowCheck) {
	b := &c.rec.Person
	err := b.ValidateImport(p.opt.Today)
	fields := map[string]string{}
	if fe := fieldErrorsOf(err); fe != nil {
		fields = fe
	}
	for _, key := range []string{"name", "region", "id_number", "birth", "gender", "phone", "groups", "disability", "found_by", "found_on", "level"} {
		msg, ok := fields[key]
		if !ok {
			continue
		}
		f := Field(key)
		switch {
		case c.bad[f], key == "region" && (c.bad[FieldRegion] || c.bad[FieldVillage]):
			continue // already told
		case (key == "birth" || key == "gender") && (c.bad[FieldIDNumber] || c.bad[FieldBirth] || c.bad[FieldGender]):
			continue // follows from the broken ID number or date
		}
		switch key {
		case "gender":
			if b.Gender == "" {
				msg = "请填写性别（男/女），或填写身份证号"
			}
			if !p.m.Has(FieldGender) {
				f = FieldIDNumber
			}
		case "birth":
			if !p.m.Has(FieldBirth) {
				f = FieldIDNumber
			}
		case "phone":
			// What was typed, unmasked: the uploader must see the value to
			// correct it, and it is their own data. Problems are shown to
			// the uploader and never logged.
			msg = "联系电话格式不正确（填写的是“" + b.Phone + "”），应为11位手机号或带区号的固定电话，如 0766-8812345"
		}
		c.fail(f, "%s", msg)
	}
	if c.rec.Invalid {
		return
	}
	for _, g := range b.Gaps() {
		f := FieldDisability
		if !p.m.Has(FieldDisability) {
			f = FieldGroups
		}
		c.warn(f, "未填写%s：仍可导入，导入后档案标为“待补充”，请尽快补充", g.Label())
	}
}

// duplicates checks the rows against each other.
func (p *rosterParser) duplicates() {
	recs := p.out.Records
	add := func(i int, f Field, warning bool, format string, args ...any) {
		if !warning {
			recs[i].Invalid = true
		}
		p.out.Problems = append(p.out.Problems, p.problem(recs[i].Row, f, warning, fmt.Sprintf(format, args...)))
	}
	byID := map[string]int{}
	type who struct{ region, name, birth string }
	byWho := map[who][]int{}
	for i := range recs {
		b := &recs[i].Person
		if b.IDNumber != "" {
			// The first row of a number is the person; the later ones are
			// refused, so that one repeated line does not cost the person.
			if j, ok := byID[b.IDNumber]; ok {
				add(j, FieldIDNumber, true, "身份证号在第%d行再次出现：只导入本行，请核对", recs[i].Row)
				add(i, FieldIDNumber, false, "与第%d行身份证号重复：同一人只导入第一次出现的行，本行不导入", recs[j].Row)
				continue
			}
			byID[b.IDNumber] = i
		}
		if b.Region != "" && b.Name != "" && !b.Birth.IsZero() {
			k := who{b.Region, b.Name, b.Birth.String()}
			byWho[k] = append(byWho[k], i)
		}
	}
	for _, is := range byWho {
		if len(is) < 2 {
			continue
		}
		first := is[0]
		for _, i := range is[1:] {
			a, b := &recs[first].Person, &recs[i].Person
			if a.IDNumber == "" && b.IDNumber == "" {
				add(first, FieldName, true, "第%d行与本行同村、同名、同出生日期，且都没有身份证号：按同一人只导入本行，请核对", recs[i].Row)
				add(i, FieldName, false, "与第%d行同村、同名、同出生日期，且都没有身份证号，无法区分：按同一人只导入第%d行，本行不导入；如是两个人，请补充身份证号", recs[first].Row, recs[first].Row)
				continue
			}
			add(first, FieldName, true, "可能与第%d行是同一人（同村、同名、同出生日期），请核对", recs[i].Row)
			add(i, FieldName, true, "可能与第%d行是同一人（同村、同名、同出生日期），请核对", recs[first].Row)
		}
	}
}

func (t *Table) limitRunes() int { return t.cellLimit }

// fieldErrorsOf returns the per-field messages of a validation error.
func fieldErrorsOf(err error) map[string]string {
	var e *shuangbai.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

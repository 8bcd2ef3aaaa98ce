package sheet_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/sheet"
)

var today = shuangbai.NewDate(2021, 8, 9)

// villages is a town-level user's scope: 双上村, 腰古村, and two villages
// both called 新村 (names repeat across towns; codes do not).
var villages = map[string]string{
	"445302003208": "双上村民委员会",
	"445302102201": "腰古村民委员会",
	"445302003209": "新村村民委员会",
	"445302102202": "新村村民委员会",
}

const rosterHeader = "姓名,身份证号,性别,出生日期,联系电话,村（社区）代码,村（社区）名称,人员类别,残疾类别等级,识别方式,识别日期,跟进级别,户主姓名,与户主关系"

// parseCSV reads a register of the given data rows under rosterHeader and
// parses it with the proposed mapping.
func parseCSV(t *testing.T, rows ...string) *sheet.Roster {
	t.Helper()
	text := rosterHeader + "\n" + strings.Join(rows, "\n") + "\n"
	tab, err := sheet.Read(strings.NewReader(text), -1, sheet.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	r, err := sheet.ParseRoster(tab, sheet.Propose(tab.Header), sheet.Options{Today: today, Villages: villages})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var (
	chen  = id("44530219900101123") // 男, 1990-01-01
	li    = id("44530219400301002") // 女, 1940-03-01
	zhang = id("44530220100615004") // 女, 2010-06-15
)

func TestParseRosterRows(t *testing.T) {
	badCheck := chen[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", chen[17])+1)%11])
	for _, tt := range []struct {
		name    string
		row     string
		column  string // of the one problem expected; "" for none
		want    string
		warning bool
		check   func(t *testing.T, b *shuangbai.Beneficiary, head string)
	}{
		{name: "a good row", row: "陈小明," + chen + ",男,1990-01-01,138 0013 8000,445302003208,双上村,残疾人、低保,肢体二级,入户走访,2021-03-01,一级,陈大明,子女",
			check: func(t *testing.T, b *shuangbai.Beneficiary, head string) {
				if b.Region != "445302003208" || b.Phone != "13800138000" || b.Level != 1 || !slices.Equal(b.Groups, []shuangbai.Group{"disabled", "dibao"}) ||
					b.FoundBy != shuangbai.FoundVisiting || b.FoundOn != shuangbai.NewDate(2021, 3, 1) || head != "陈大明" || b.Relation != "子女" {
					t.Errorf("parsed %+v head %q", b, head)
				}
			}},
		{name: "birth and gender from the ID", row: "李 阿婆," + strings.ToLower(li) + ",,,,445302003208,,,,,,,,户主",
			check: func(t *testing.T, b *shuangbai.Beneficiary, head string) {
				if b.Name != "李阿婆" || b.Gender != "女" || b.Birth != shuangbai.NewDate(1940, 3, 1) || b.Level != 4 || head != "李阿婆" || b.IDNumber != li {
					t.Errorf("parsed %+v head %q", b, head)
				}
			}},
		{name: "bad check digit", row: "陈小明," + badCheck + ",,,,445302003208", column: "B 身份证号", want: "身份证号校验位不正确"},
		{name: "birth disagrees with ID", row: "陈小明," + chen + ",,1990-01-02,,445302003208", column: "D 出生日期", want: "出生日期与身份证号不符（身份证号为 1990-01-01）"},
		{name: "gender disagrees with ID", row: "陈小明," + chen + ",女,,,445302003208", column: "C 性别", want: "性别与身份证号不符"},
		{name: "unknown village code", row: "陈小明," + chen + ",,,,445302003299", column: "F 村（社区）代码", want: "村（社区）代码 445302003299 不存在或不在您的管辖范围内"},
		{name: "village outside scope", row: "陈小明," + chen + ",,,,445381004001", column: "F 村（社区）代码", want: "不存在或不在您的管辖范围内"},
		{name: "village code too short", row: "陈小明," + chen + ",,,,445302003", column: "F 村（社区）代码", want: "应为12位数字"},
		{name: "village by unique name", row: "陈小明," + chen + ",,,,,腰古村",
			check: func(t *testing.T, b *shuangbai.Beneficiary, _ string) {
				if b.Region != "445302102201" {
					t.Errorf("region %s", b.Region)
				}
			}},
		{name: "village name not unique", row: "陈小明," + chen + ",,,,,新村", column: "G 村（社区）名称", want: "有 2 个“新村”（445302003209、445302102202）"},
		{name: "village name unknown", row: "陈小明," + chen + ",,,,,双下村", column: "G 村（社区）名称", want: "找不到村（社区）“双下村”"},
		{name: "no village", row: "陈小明," + chen, column: "F 村（社区）代码", want: "请填写村（社区）代码或名称"},
		{name: "village name disagrees with code", row: "陈小明," + chen + ",,,,445302003208,腰古村", column: "G 村（社区）名称", want: "与代码 445302003208（双上村民委员会）不符，按代码导入", warning: true},
		{name: "bad phone", row: "陈小明," + chen + ",,,12345,445302003208", column: "E 联系电话", want: "联系电话格式不正确（填写的是“12345”）"},
		{name: "two phones", row: "陈小明," + chen + ",,,13800138000/0766-8812345,445302003208", column: "E 联系电话", want: "只导入第一个：13800138000", warning: true},
		{name: "ID stored as a number", row: "陈小明,4.45302199001011E+17,,,,445302003208", column: "B 身份证号", want: "被 Excel 存成了数字"},
		{name: "ID stored as a number, digits lost", row: "陈小明,445302199001011000,,,,445302003208", column: "B 身份证号", want: "很可能是 Excel 把身份证号存成了数字"},
		{name: "old 15-digit ID", row: "陈小明,445302900101123,,,,445302003208", column: "B 身份证号", want: "15位的旧身份证号"},
		{name: "unknown group", row: "陈小明," + chen + ",,,,445302003208,,贫困户", column: "H 人员类别", want: "未知的人员类别“贫困户”"},
		// A village's register often lacks the grade: the row is imported,
		// its file marked 待补充.
		{name: "disabled without a grade", row: "陈小明," + chen + ",,,,445302003208,,残疾人", column: "I 残疾类别等级", want: "未填写残疾类别和等级：仍可导入，导入后档案标为“待补充”", warning: true,
			check: func(t *testing.T, b *shuangbai.Beneficiary, _ string) {
				if gaps := b.Gaps(); !slices.Equal(gaps, []shuangbai.Gap{shuangbai.GapDisability}) {
					t.Errorf("gaps %v", gaps)
				}
			}},
		{name: "no such date", row: "陈小明,,男,1990-13-01,,445302003208", column: "D 出生日期", want: "日期不存在"},
		{name: "month only without ID", row: "陈小明,,男,1990.01,,445302003208", column: "D 出生日期", want: "只有年月"},
		{name: "month only agreeing with ID", row: "陈小明," + chen + ",,1990年1月,,445302003208",
			check: func(t *testing.T, b *shuangbai.Beneficiary, _ string) {
				if b.Birth != shuangbai.NewDate(1990, 1, 1) {
					t.Errorf("birth %s", b.Birth)
				}
			}},
		{name: "Excel serial date", row: "陈小明," + chen + ",,,,445302003208,,,,转介,44417",
			check: func(t *testing.T, b *shuangbai.Beneficiary, _ string) {
				if b.FoundOn != today || b.FoundBy != shuangbai.FoundReferral {
					t.Errorf("found %s %s", b.FoundBy, b.FoundOn)
				}
			}},
		{name: "no ID and no gender", row: "陈小明,,,1990-01-01,,445302003208", column: "C 性别", want: "请填写性别（男/女），或填写身份证号"},
		{name: "birth in the future", row: "陈小明,,男,2030-01-01,,445302003208", column: "D 出生日期", want: "出生日期不能晚于今天"},
		{name: "bad level", row: "陈小明," + chen + ",,,,445302003208,,,,,,五级", column: "L 跟进级别", want: "跟进级别应为"},
		{name: "bad way found", row: "陈小明," + chen + ",,,,445302003208,,,,路过", column: "J 识别方式", want: "识别方式应为 入户走访、社区活动"},
		{name: "no name", row: "," + chen + ",,,,445302003208", column: "A 姓名", want: "请填写姓名"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseCSV(t, tt.row)
			if len(r.Records) != 1 {
				t.Fatalf("%d records", len(r.Records))
			}
			if tt.want == "" {
				if len(r.Problems) > 0 {
					t.Fatalf("problems: %v", r.Problems)
				}
			} else {
				if len(r.Problems) != 1 {
					t.Fatalf("want one problem %q, got %v", tt.want, r.Problems)
				}
				p := r.Problems[0]
				if p.Row != 2 || p.Column() != tt.column || !strings.Contains(p.Message, tt.want) || p.Warning != tt.warning {
					t.Errorf("problem %+v, want row 2 column %q message %q warning %v", p, tt.column, tt.want, tt.warning)
				}
				if r.Records[0].Invalid == tt.warning {
					t.Errorf("Invalid = %v with warning %v", r.Records[0].Invalid, tt.warning)
				}
			}
			if tt.check != nil {
				tt.check(t, &r.Records[0].Person, r.Records[0].HeadName)
			}
		})
	}
}

func TestParseRosterDuplicates(t *testing.T) {
	r := parseCSV(t,
		"陈小明,"+chen+",,,,445302003208",    // row 2
		"李阿婆,"+li+",,,,445302003208",      // row 3
		"陈明,"+chen+",,,,445302003208",     // row 4: row 2's ID again: row 2 kept, row 4 refused
		"张小红,"+zhang+",,,,445302003208",   // row 5
		"张小红,,女,2010-06-15,,445302003208", // row 6: same name and birth as row 5, no ID: warning
		"王五,,男,1950-01-01,,445302003208",  // row 7
		"王五,,男,1950-01-01,,445302003208",  // row 8: same as row 7, neither has an ID: row 8 refused
		"王五,,男,1950-01-01,,445302102201",  // row 9: another village: fine
		"合计：8人",                           // a total under the table: skipped
	)
	var got []string
	for _, p := range r.Problems {
		kind := "E"
		if p.Warning {
			kind = "W"
		}
		got = append(got, kind+" "+p.String())
	}
	want := []string{
		"W 第2行：身份证号在第4行再次出现：只导入本行，请核对",
		"E 第4行：与第2行身份证号重复：同一人只导入第一次出现的行，本行不导入",
		"W 第5行：可能与第6行是同一人（同村、同名、同出生日期），请核对",
		"W 第6行：可能与第5行是同一人（同村、同名、同出生日期），请核对",
		"W 第7行：第8行与本行同村、同名、同出生日期，且都没有身份证号：按同一人只导入本行，请核对",
		"E 第8行：与第7行同村、同名、同出生日期，且都没有身份证号，无法区分：按同一人只导入第7行，本行不导入；如是两个人，请补充身份证号",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, rec := range r.Records {
		if bad := rec.Row == 4 || rec.Row == 8; rec.Invalid != bad {
			t.Errorf("row %d: Invalid = %v", rec.Row, rec.Invalid)
		}
	}
	if len(r.Records) != 8 || r.Invalid != 2 || r.Valid() != 6 || r.Warnings != 4 {
		t.Errorf("records %d invalid %d warnings %d", len(r.Records), r.Invalid, r.Warnings)
	}
}

func TestParseRosterLongCellAndMapping(t *testing.T) {
	text := "姓名,身份证号,住址,村代码,备注\n陈小明," + chen + "," + strings.Repeat("长", 501) + ",445302003208," + strings.Repeat("注", 501) + "\n"
	tab, err := sheet.Read(strings.NewReader(text), -1, sheet.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	m := sheet.Propose(tab.Header)
	if _, err := sheet.ParseRoster(tab, sheet.Mapping{"", "address"}, sheet.Options{Today: today, Villages: villages}); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Fatalf("a mapping without a name: %v", err)
	}
	r, err := sheet.ParseRoster(tab, m, sheet.Options{Today: today, Villages: villages})
	if err != nil {
		t.Fatal(err)
	}
	// The long note is in a column left out: only the address counts.
	if len(r.Problems) != 1 || r.Problems[0].Column() != "C 住址" || !strings.Contains(r.Problems[0].Message, "内容超过 500 字") {
		t.Fatalf("problems %v", r.Problems)
	}
}

func TestProblemsCSV(t *testing.T) {
	var buf bytes.Buffer
	err := sheet.WriteProblemsCSV(&buf, []sheet.Problem{
		{Row: 2, Col: "B", Header: "身份证号", Message: "身份证号校验位不正确"},
		{Row: 3, Col: "C", Header: "=HYPERLINK(\"http://x\")", Message: "+1 注意", Warning: true},
		{Row: 4, Col: "D", Header: "@A1", Message: "-2"},
		{Row: 5, Header: "\tx", Message: "整行"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "\uFEFF行号,列,表头,类型,问题\r\n" +
		"2,B,身份证号,错误,身份证号校验位不正确\r\n" +
		"3,C,\"'=HYPERLINK(\"\"http://x\"\")\",提醒,'+1 注意\r\n" +
		"4,D,'@A1,错误,'-2\r\n" +
		"5,,'\tx,错误,整行\r\n"
	if got := buf.String(); got != want {
		t.Errorf("CSV:\n%q\nwant\n%q", got, want)
	}
}

// TestParseRosterWorker: a 责任社工 column names a member of staff in scope
// by name. Two of the same name are told apart by the row's village; a name
// no one has, or two people of one town have, refuses the row, naming it.
func TestParseRosterWorker(t *testing.T) {
	staff := map[string][]sheet.Staff{
		"陈云城": {{ID: 1, Region: "445302003"}},
		"王芳":  {{ID: 2, Region: "445302003"}, {ID: 3, Region: "445302102"}},
		"李四":  {{ID: 4, Region: "445302003"}, {ID: 5, Region: "445302003"}},
	}
	text := "姓名,身份证号,村（社区）代码,责任社工\n" +
		"陈小明," + chen + ",445302003208,陈 云城\n" + // row 2: the one 陈云城
		"李阿婆," + li + ",445302102201,王芳\n" + // row 3: the 王芳 of 腰古村's town
		"张小红," + zhang + ",445302003208,赵六\n" + // row 4: no such worker
		"王五," + id("44530219500101101") + ",445302003208,李四\n" + // row 5: two 李四 in the village's town
		"王六," + id("44530219600101201") + ",445302003208,\n" // row 6: none named
	tab, err := sheet.Read(strings.NewReader(text), -1, sheet.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	m := sheet.Propose(tab.Header)
	if !m.Has(sheet.FieldWorker) {
		t.Fatalf("责任社工 not recognised: %v", m)
	}
	r, err := sheet.ParseRoster(tab, m, sheet.Options{Today: today, Villages: villages, Staff: staff})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]int64{2: 1, 3: 3, 6: 0}
	for _, rec := range r.Records {
		if id, ok := want[rec.Row]; ok && rec.Person.WorkerID != id {
			t.Errorf("row %d: worker %d, want %d", rec.Row, rec.Person.WorkerID, id)
		}
	}
	var got []string
	for _, p := range r.Problems {
		if p.Warning {
			continue
		}
		got = append(got, p.String()+" @"+p.Column())
	}
	wantProblems := []string{
		"第4行：在您管辖范围内的人员名单中找不到责任社工“赵六”，请核对姓名，或先在人员名单中登记 @D 责任社工",
		"第5行：您管辖范围内有 2 位名叫“李四”的人员，无法确定是哪一位：请核对，或留空后在档案中指定责任社工 @D 责任社工",
	}
	if !slices.Equal(got, wantProblems) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantProblems, "\n"))
	}
}

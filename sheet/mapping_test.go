package sheet_test

import (
	"slices"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/sheet"
)

func TestPropose(t *testing.T) {
	for _, tt := range []struct {
		header []string
		want   sheet.Mapping
	}{
		{
			[]string{"序号", "姓名", "公民身份号码", "性别", "出生日期", "联系电话", "家庭住址", "村（社区）代码", "村（社区）名称",
				"户主姓名", "与户主关系", "人员类别", "残疾类别等级", "识别方式", "识别日期", "跟进级别", "备注"},
			sheet.Mapping{"", "name", "id_number", "gender", "birth", "phone", "address", "region", "village",
				"head_name", "relation", "groups", "disability", "found_by", "found_on", "level", ""},
		},
		{
			[]string{"*姓名", "身份证号码\n（18位）", "手机", "地址", "区划代码", "类别", "残疾类别", "出生年月"},
			sheet.Mapping{"name", "id_number", "phone", "address", "region", "groups", "disability", "birth"},
		},
		{
			[]string{"服务对象", "身份证", "村(居)委会", "户主", "关系", "人员类型", "发现方式", "建档日期", "等级"},
			sheet.Mapping{"name", "id_number", "village", "head_name", "relation", "groups", "found_by", "found_on", "level"},
		},
		{
			// A field named twice goes to the first column; the second is left out.
			[]string{"姓名", "电话", "手机号码", "不相干"},
			sheet.Mapping{"name", "phone", "", ""},
		},
	} {
		if got := sheet.Propose(tt.header); !slices.Equal(got, tt.want) {
			t.Errorf("Propose(%q)\n got %q\nwant %q", tt.header, got, tt.want)
		}
	}
}

func TestMappingCheckAndOverride(t *testing.T) {
	header := []string{"姓名", "身份证号", "村名", "电话"}
	m := sheet.Propose(header)
	if err := m.Check(header); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		m    sheet.Mapping
		want string
	}{
		{sheet.Mapping{"", "id_number", "village", ""}, "请指定哪一列是“姓名”"},
		{sheet.Mapping{"name", "id_number", "", ""}, "村（社区）代码"},
		{sheet.Mapping{"name", "name", "village", ""}, "已对应到第 A 列"},
		{sheet.Mapping{"name", "bogus", "village", ""}, "未知的字段"},
	} {
		err := tt.m.Check(header)
		if shuangbai.ErrorCode(err) != shuangbai.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Check(%q) = %v, want %q", tt.m, err, tt.want)
		}
	}

	got, err := m.Override(header, map[string]string{"D": "", "村名": "region", "身份证号": "phone"})
	if err != nil {
		t.Fatal(err)
	}
	if want := (sheet.Mapping{"name", "phone", "region", ""}); !slices.Equal(got, want) {
		t.Errorf("Override = %q, want %q", got, want)
	}
	if _, err := m.Override(header, map[string]string{"Z": "name"}); err == nil {
		t.Error("Override accepted a column the file lacks")
	}
	if _, err := m.Override(header, map[string]string{"A": "nickname"}); err == nil {
		t.Error("Override accepted an unknown field")
	}

	// The signature ignores punctuation and spaces but not the columns.
	if sheet.Signature([]string{"村（社区）代码", "姓名"}) != sheet.Signature([]string{"村(社区)代码 ", "*姓名"}) {
		t.Error("signature depends on punctuation")
	}
	if sheet.Signature(header) == sheet.Signature(header[:3]) {
		t.Error("signature ignores a column")
	}
	if sheet.MappingOf(m.Strings()).Fit(4) == nil || m.Fit(5) != nil {
		t.Error("Fit")
	}
}

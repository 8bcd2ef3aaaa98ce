package sheet

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"

	"shuangbai"
)

// Field is a beneficiary field that a column of a register can hold.
type Field string

// The fields of a beneficiary register (服务对象名册).
const (
	FieldName       Field = "name"       // 姓名
	FieldIDNumber   Field = "id_number"  // 身份证号
	FieldGender     Field = "gender"     // 性别
	FieldBirth      Field = "birth"      // 出生日期
	FieldPhone      Field = "phone"      // 联系电话
	FieldAddress    Field = "address"    // 住址
	FieldRegion     Field = "region"     // 村（社区）代码
	FieldVillage    Field = "village"    // 村（社区）名称
	FieldHeadName   Field = "head_name"  // 户主姓名
	FieldRelation   Field = "relation"   // 与户主关系
	FieldGroups     Field = "groups"     // 人员类别
	FieldDisability Field = "disability" // 残疾类别等级
	FieldFoundBy    Field = "found_by"   // 识别方式
	FieldFoundOn    Field = "found_on"   // 识别日期
	FieldLevel      Field = "level"      // 跟进级别
	FieldWorker     Field = "worker"     // 责任社工, by name
)

// Fields lists the fields in the order the mapping page offers them, with
// their Chinese names and a hint on what a cell may hold.
var Fields = []struct {
	Field Field
	Label string
	Hint  string
}{
	{FieldName, "姓名", "必填"},
	{FieldIDNumber, "身份证号", "18位；重复导入时按身份证号更新已建档人员"},
	{FieldGender, "性别", "男 或 女；有身份证号可不填"},
	{FieldBirth, "出生日期", "如 1950-03-01；有身份证号可不填"},
	{FieldPhone, "联系电话", "手机或带区号的固定电话"},
	{FieldAddress, "住址", ""},
	{FieldRegion, "村（社区）代码", "12位区划代码；与村（社区）名称至少选一个"},
	{FieldVillage, "村（社区）名称", "在您管辖范围内唯一时可代替代码"},
	{FieldHeadName, "户主姓名", "同村同户主的人建为一户"},
	{FieldRelation, "与户主关系", "户主、配偶、子女……"},
	{FieldGroups, "人员类别", "可填多个，用 、 , / 分隔，如 残疾人、低保"},
	{FieldDisability, "残疾类别等级", "如 肢体二级；残疾人必填"},
	{FieldFoundBy, "识别方式", "入户走访、社区活动、村委推荐、转介、本人求助"},
	{FieldFoundOn, "识别日期", "不填为导入当天"},
	{FieldLevel, "跟进级别", "一级至四级；不填按所选默认级别"},
	{FieldWorker, "责任社工", "人员名单中的姓名；不填则不指定，已建档的保留原责任社工"},
}

// Label names the field in Chinese, or "" for an unknown field.
func (f Field) Label() string {
	for _, x := range Fields {
		if x.Field == f {
			return x.Label
		}
	}
	return ""
}

// Valid reports whether f is a known field.
func (f Field) Valid() bool { return f.Label() != "" }

// headerNames are the column names registers use for each field, after
// normHeader. An exact match wins over the keyword rules of guessField.
var headerNames = map[string]Field{}

func init() {
	for f, names := range map[Field][]string{
		FieldName:       {"姓名", "名字", "服务对象姓名", "对象姓名", "服务对象", "人员姓名", "户籍人员姓名"},
		FieldIDNumber:   {"身份证号", "身份证号码", "公民身份号码", "公民身份证号", "公民身份证号码", "身份证", "居民身份证号码", "证件号码", "证件号", "身份号码"},
		FieldGender:     {"性别"},
		FieldBirth:      {"出生日期", "出生年月", "出生年月日", "生日", "出生时间"},
		FieldPhone:      {"联系电话", "电话", "手机", "手机号", "手机号码", "电话号码", "联系方式", "联系人电话"},
		FieldAddress:    {"住址", "地址", "家庭住址", "现住址", "居住地址", "户籍地址", "详细地址", "家庭地址", "现居住地址"},
		FieldRegion:     {"村社区代码", "区划代码", "村代码", "社区代码", "村居代码", "行政区划代码", "统计用区划代码", "村委会代码", "居委会代码", "村居委会代码"},
		FieldVillage:    {"村社区名称", "村社区", "村名", "村委会", "居委会", "社区", "所在村", "所在村社区", "村居", "村居委会", "所属村社区", "村名称", "社区名称", "村居名称", "村委会名称"},
		FieldHeadName:   {"户主姓名", "户主", "户主名字"},
		FieldRelation:   {"与户主关系", "与户主的关系", "家庭关系", "关系"},
		FieldGroups:     {"类别", "人员类别", "服务对象类别", "对象类别", "人群类别", "人员类型", "对象类型", "类型", "服务类别"},
		FieldDisability: {"残疾类别等级", "残疾类别及等级", "残疾类别和等级", "残疾类别", "残疾等级", "残疾情况", "残疾类型"},
		FieldFoundBy:    {"识别方式", "发现方式", "识别途径", "发现途径", "来源"},
		FieldFoundOn:    {"识别日期", "发现日期", "建档日期", "识别时间", "登记日期"},
		FieldLevel:      {"跟进级别", "跟进等级", "级别", "等级", "跟进"},
		FieldWorker:     {"责任社工", "负责社工", "跟进社工", "社工", "社工姓名", "责任社工姓名", "负责社工姓名", "责任人"},
	} {
		for _, n := range names {
			headerNames[n] = f
		}
	}
}

// normHeader reduces a column name to its letters: registers write 村（社区）
// or 村(社区), put * before required columns and break long names in two.
func normHeader(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), unicode.IsPunct(r), unicode.IsSymbol(r):
			return -1
		case r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r >= '０' && r <= '９':
			r -= 'Ａ' - 'A'
		}
		return unicode.ToLower(r)
	}, s)
}

// guessField returns the field a column name most likely stands for, or "".
func guessField(header string) Field {
	h := normHeader(header)
	if h == "" {
		return ""
	}
	if f, ok := headerNames[h]; ok {
		return f
	}
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(h, s) {
				return true
			}
		}
		return false
	}
	// Order matters: 残疾类别 is a disability, not a group; 户主关系 is a
	// relation, not a head's name; 识别日期 is a date, not a way.
	switch {
	case has("序号", "编号", "备注", "说明"):
		return ""
	case has("身份证", "身份号码", "证件号"):
		return FieldIDNumber
	case has("残疾"):
		return FieldDisability
	case has("社工") && !has("站", "点"):
		return FieldWorker
	case has("关系"):
		return FieldRelation
	case has("户主"):
		return FieldHeadName
	case has("识别", "发现", "建档") && has("日期", "时间"):
		return FieldFoundOn
	case has("识别", "发现"):
		return FieldFoundBy
	case has("出生"):
		return FieldBirth
	case has("电话", "手机"):
		return FieldPhone
	case has("代码") && has("村", "社区", "区划", "居委"):
		return FieldRegion
	case has("住址", "地址"):
		return FieldAddress
	case has("村", "社区", "居委"):
		return FieldVillage
	case has("跟进"):
		return FieldLevel
	case has("类别"):
		return FieldGroups
	case has("姓名"):
		return FieldName
	case has("性别"):
		return FieldGender
	}
	return ""
}

// headerScore counts the cells of a row that name a field: the header row
// of a register names several.
func headerScore(cells []string) int {
	seen := map[Field]bool{}
	for _, c := range cells {
		if f := guessField(c); f != "" {
			seen[f] = true
		}
	}
	return len(seen)
}

// Mapping assigns a field to each column, by 0-based column index; "" leaves
// the column out.
type Mapping []Field

// Propose suggests a mapping from the column names of a header. A field
// goes to the first column that names it.
func Propose(header []string) Mapping {
	m := make(Mapping, len(header))
	used := map[Field]bool{}
	for i, h := range header {
		if f := guessField(h); f != "" && !used[f] {
			m[i], used[f] = f, true
		}
	}
	return m
}

// Column returns the 0-based column mapped to f, or -1.
func (m Mapping) Column(f Field) int {
	for i, x := range m {
		if x == f {
			return i
		}
	}
	return -1
}

// Has reports whether some column is mapped to f.
func (m Mapping) Has(f Field) bool { return m.Column(f) >= 0 }

// Check returns an EINVALID error naming what is wrong with m for a table
// with the given header: an unknown field, a field on two columns, or a
// missing 姓名 or village.
func (m Mapping) Check(header []string) error {
	fe := shuangbai.FieldErrors{}
	if len(m) > len(header) {
		return shuangbai.Errorf(shuangbai.EINVALID, "列对应关系有 %d 列，文件只有 %d 列", len(m), len(header))
	}
	seen := map[Field]int{}
	for i, f := range m {
		if f == "" {
			continue
		}
		if !f.Valid() {
			fe.Add(colKey(i), "未知的字段："+string(f))
			continue
		}
		if j, ok := seen[f]; ok {
			fe.Add(colKey(i), "“"+f.Label()+"”已对应到第 "+colLetter(j)+" 列，每个字段只能对应一列")
			continue
		}
		seen[f] = i
	}
	if !m.Has(FieldName) {
		fe.Add("mapping", "请指定哪一列是“姓名”")
	} else if !m.Has(FieldRegion) && !m.Has(FieldVillage) {
		fe.Add("mapping", "请指定哪一列是“村（社区）代码”或“村（社区）名称”")
	}
	if len(fe) == 0 {
		return nil
	}
	return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "列对应关系有误，请按提示修改", Fields: fe}
}

// colKey is the form field name of the 0-based column i on the mapping
// page, and the key of its message in Check's errors.
func colKey(i int) string { return "col" + strconv.Itoa(i) }

// ColumnKey is colKey for the web package.
func ColumnKey(i int) string { return colKey(i) }

// ColumnLetter names the 0-based column i as Excel does: A … Z, AA ….
func ColumnLetter(i int) string { return colLetter(i) }

// Signature identifies the shape of a register by its column names, so that
// a mapping chosen once can be offered again for the next file of the same
// shape, whatever rows it holds.
func Signature(header []string) string {
	h := sha256.New()
	for _, c := range header {
		h.Write([]byte(normHeader(c)))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Fit returns m as a mapping for a header of n columns, or nil when m was
// saved for a different width.
func (m Mapping) Fit(n int) Mapping {
	if len(m) != n {
		return nil
	}
	for _, f := range m {
		if f != "" && !f.Valid() {
			return nil
		}
	}
	return m
}

// Strings returns the mapping as field names, for storage.
func (m Mapping) Strings() []string {
	out := make([]string, len(m))
	for i, f := range m {
		out[i] = string(f)
	}
	return out
}

// MappingOf turns stored field names back into a Mapping.
func MappingOf(fields []string) Mapping {
	m := make(Mapping, len(fields))
	for i, f := range fields {
		m[i] = Field(f)
	}
	return m
}

// Override returns a copy of m with the columns named in by changed: keys
// are a column letter ("C") or a column's header text ("身份证号"), values
// a field name ("id_number") or "" to leave the column out. It is how the
// API takes a mapping as JSON.
func (m Mapping) Override(header []string, by map[string]string) (Mapping, error) {
	out := append(Mapping(nil), m...)
	for len(out) < len(header) {
		out = append(out, "")
	}
	for key, field := range by {
		col := -1
		for i, h := range header {
			if strings.EqualFold(key, colLetter(i)) || key == h || normHeader(key) != "" && normHeader(key) == normHeader(h) {
				col = i
				break
			}
		}
		if col < 0 {
			return nil, shuangbai.Errorf(shuangbai.EINVALID, "列对应关系中的“%s”不是文件中的列（可写列字母如 C，或表头文字）", key)
		}
		f := Field(field)
		if f != "" && !f.Valid() {
			return nil, shuangbai.Errorf(shuangbai.EINVALID, "列对应关系中的字段“%s”未知，可用：%s", field, fieldNames())
		}
		// A field moved to this column leaves the column it had.
		if f != "" {
			if j := out.Column(f); j >= 0 {
				out[j] = ""
			}
		}
		out[col] = f
	}
	return out, nil
}

func fieldNames() string {
	var names []string
	for _, f := range Fields {
		names = append(names, string(f.Field)+"（"+f.Label+"）")
	}
	return strings.Join(names, "、")
}

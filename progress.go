package shuangbai

import "strconv"

// ProgressTable is the data of the bureau's key report, the 社工站（点）建设进度
// 情况一览表: one row per county (or per city, in a province's table), a row
// for the level itself (市本级) and a 合计 row. It is plain data: the store fills
// it, package report prints it, and an import reads it back.
type ProgressTable struct {
	Unit       string        // 制表单位, e.g. 云浮市民政局
	RegionCode string        // the region the table covers, e.g. 4453
	RegionName string        // its name as it starts the title, e.g. 云浮市
	Date       Date          // 时间: the as-of date
	Rows       []ProgressRow // printed in this order: the counties, then the 市本级 row
	Total      ProgressRow   // 合计: computed by Sum, never typed
}

// Title returns the table's title as printed on the form, built from the
// region and the year of the as-of date:
// 云浮市2021年“双百工程”社工站（点）建设进度情况一览表.
func (t *ProgressTable) Title() string {
	year := ""
	if !t.Date.IsZero() {
		year = strconv.Itoa(t.Date.Time().Year()) + "年"
	}
	return t.RegionName + year + "“双百工程”社工站（点）建设进度情况一览表"
}

// ProgressRow is one line of the progress table. For a county the row carries
// the county's code and name; the 市本级 row carries the code of the table's
// own region, is marked CityLevel and leaves its site counts at zero, which the
// forms print as blank cells because the level itself builds no sites.
type ProgressRow struct {
	Code      string // region code
	Name      string // region name, or 市本级
	CityLevel bool   // the row of the table's own level (市本级), not a county

	PlanIssued   bool       // 方案出台情况: 已出台 / 未出台
	Stations     SiteCounts // 社工站
	Points       SiteCounts // 社工点
	Coordination bool       // 是否建立工作协调机制: 是 / 否
	Management   bool       // 是否建立站点管理机制: 是 / 否
	Funding      string     // 落实经费情况, free text as printed
	Trainings    int        // 开展社工业务培训情况, printed as "N次"
}

// SiteCounts are the five columns the table repeats for stations and for
// points.
type SiteCounts struct {
	Required  int            // 应建数量
	Built     int            // 已完成数量
	Office    int            // 落实办公场所数量
	Equipment EquipmentClass // 设备设施情况: the grade of the built sites as a whole
	Staff     int            // 人员配备数量
}

func (c SiteCounts) add(d SiteCounts) SiteCounts {
	return SiteCounts{
		Required: c.Required + d.Required,
		Built:    c.Built + d.Built,
		Office:   c.Office + d.Office,
		Staff:    c.Staff + d.Staff,
	}
}

// ProgressTotal returns the 合计 row of rows: the sum of every count and of
// the trainings (the 市本级 row's trainings included, as the bureau counts
// them). The equipment classes, yes/no columns and funding text stay empty,
// as the printed form leaves them blank: a grade or a "是" does not add up.
func ProgressTotal(rows []ProgressRow) ProgressRow {
	t := ProgressRow{Name: "合计"}
	for _, r := range rows {
		t.Stations = t.Stations.add(r.Stations)
		t.Points = t.Points.add(r.Points)
		t.Trainings += r.Trainings
	}
	return t
}

// Sum sets t.Total from t.Rows. A total is always computed: the seed's own
// table shows a typed total (350 staff at the points) that its rows (364) do
// not support.
func (t *ProgressTable) Sum() {
	t.Total = ProgressTotal(t.Rows)
}

// ProgressColumn describes one column of the progress table as printed.
type ProgressColumn struct {
	Group string // 社工站 or 社工点 for the ten site columns, "" for the others
	Name  string // the header as printed under its group
}

// Title returns the column's name with its group, for one-line headers such
// as a CSV file's: 社工站-应建社工站数量.
func (c ProgressColumn) Title() string {
	if c.Group == "" {
		return c.Name
	}
	return c.Group + "-" + c.Name
}

// ProgressColumns lists the sixteen columns of the progress table in the
// order of the bureau's form.
var ProgressColumns = []ProgressColumn{
	{"", "县（市、区）"},
	{"", "方案出台情况"},
	{"社工站", "应建社工站数量"},
	{"社工站", "已完成社工站数量"},
	{"社工站", "落实办公场所数量"},
	{"社工站", "设备设施情况"},
	{"社工站", "人员配备数量"},
	{"社工点", "应建社工点数量"},
	{"社工点", "已完成社工点数量"},
	{"社工点", "落实办公场所数量"},
	{"社工点", "设备设施情况"},
	{"社工点", "人员配备数量"},
	{"", "是否建立工作协调机制"},
	{"", "是否建立站点管理机制"},
	{"", "落实经费情况"},
	{"", "开展社工业务培训情况"},
}

// ProgressNotes are the three notes (备注) printed under the table, word for
// word as in the bureau's form, so every rendering of the table explains its
// columns the same way.
var ProgressNotes = []string{
	"备注：1.设备设施情况，是指已落实的办公场所中是否已配备必要的办公桌椅、空调、电脑、打印机、电话、档案柜、办公文具、消防设施，全部配备的填全部配备，缺一项或者两项的填基本配备，缺少三项以上的填未配备齐全。",
	"2.落实经费情况，是指是否有申请经费，申请的经费是否有批复，申请的数额。",
	"3.开展社工业务培训情况，是指目前开展的社工岗前培训、专业培训次数。",
}

// CheckProgressDay refuses a day the progress table cannot be made for
// because it has not come yet: a table of the future would show today's
// sites as if they were certain.
func CheckProgressDay(d, today Date) error {
	if d.After(today) {
		return Errorf(EINVALID, "不能统计未来的日期（%s），请选择今天（%s）或更早", d.Chinese(), today.Chinese())
	}
	return nil
}

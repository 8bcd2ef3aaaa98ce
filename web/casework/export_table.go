package casework

import (
	"shuangbai/report"
)

// The columns of the case-work exports, written by report.Table.

// rosterColumns are the columns of the beneficiary register.
var rosterColumns = []report.Column{
	report.Col("编号", 8, report.Number), report.Col("姓名", 10, report.Text), report.Col("性别", 6, report.Text), report.Col("出生日期", 15, report.Date),
	report.Col("身份证号", 21, report.ID), report.Col("电话", 14, report.ID), report.Col("区划代码", 14, report.ID), report.Col("所在区划", 36, report.Text),
	report.Col("地址", 28, report.Text), report.Col("与户主关系", 10, report.Text), report.Col("服务对象类别", 22, report.Text), report.Col("残疾类别等级", 12, report.Text),
	report.Col("识别方式", 12, report.Text), report.Col("识别日期", 15, report.Date), report.Col("责任社工", 10, report.Text), report.Col("跟进级别", 9, report.Text),
	report.Col("状态", 8, report.Text), report.Col("结案日期", 15, report.Date), report.Col("上次探访", 15, report.Date), report.Col("下次探访", 15, report.Date),
}

// personColumns open every export of what was done for people: who they
// are, so a row can be checked against the register.
var personColumns = []report.Column{
	report.Col("服务对象编号", 12, report.Number), report.Col("姓名", 10, report.Text), report.Col("身份证号", 21, report.ID), report.Col("区划代码", 14, report.ID), report.Col("所在区划", 36, report.Text),
}

var visitColumns = append(append([]report.Column{}, personColumns...),
	report.Col("探访日期", 15, report.Date), report.Col("探访方式", 10, report.Text), report.Col("提供的服务", 24, report.Text),
	report.Col("情况记录", 50, report.Text), report.Col("约定下次探访", 15, report.Date), report.Col("记录人", 10, report.Text))

var applicationColumns = append(append([]report.Column{}, personColumns...),
	report.Col("申请类别", 18, report.Text), report.Col("状态", 10, report.Text), report.Col("开始办理", 15, report.Date), report.Col("递交", 15, report.Date),
	report.Col("审批", 15, report.Date), report.Col("金额（元）", 10, report.Number), report.Col("材料", 30, report.Text), report.Col("备注", 30, report.Text))

var worklistColumns = []report.Column{
	report.Col("服务对象编号", 12, report.Number), report.Col("姓名", 10, report.Text), report.Col("身份证号", 21, report.ID), report.Col("电话", 14, report.ID), report.Col("区划代码", 14, report.ID),
	report.Col("所在区划", 36, report.Text), report.Col("地址", 28, report.Text), report.Col("跟进级别", 9, report.Text), report.Col("上次探访", 15, report.Date), report.Col("下次探访", 15, report.Date),
	report.Col("到期情况", 12, report.Text), report.Col("责任社工", 10, report.Text), report.Col("已告知", 30, report.Text),
}

// personCells are the first cells of a row about b: personColumns.
func personCells(b beneficiaryView) []any {
	return []any{b.ID, b.Name, b.IDNumber, b.Region, b.Path}
}

package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/sheet"
)

// The words of the audit log: what its entries store (usernames, field
// names, internal codes and ids, UTC instants) said as people read them —
// names, Chinese labels and values, China's time. The entries themselves
// stay as written; the hash chain covers them.

var fieldLabels = map[string]string{
	"Name": "名称/姓名", "Status": "状态", "BuiltOn": "建成日期", "Office": "落实办公场所",
	"OfficeAddress": "办公场所地址", "OfficeSince": "办公场所落实日期", "Equipment": "设备设施",
	"Lat": "纬度", "Lng": "经度", "Phone": "电话", "Region": "区划", "StationID": "所属社工站",
	"Gender": "性别", "Role": "岗位/角色", "Username": "用户名", "Disabled": "已停用",
	"PersonID": "对应人员", "PointID": "社工点", "From": "到岗日期", "To": "离岗日期",
	"username": "用户名", "disabled": "已停用", "added": "新增数量",
	"County": "县（市、区）", "Stations": "应建社工站", "Points": "应建社工点", "Reason": "理由",
	// Case work: the beneficiary's audit view has lower-case keys.
	"name": "姓名", "region": "区划", "gender": "性别", "age": "年龄", "id_number": "身份证号（只记尾号）",
	"phone": "电话（已隐藏）", "groups": "类别", "level": "跟进级别", "open": "在案", "worker_id": "责任社工",
	"household_id": "家庭编号", "id": "编号", "why": "结案原因",
	"BeneficiaryID": "服务对象编号", "On": "日期", "Kind": "类别/方式", "Workers": "探访社工编号", "Findings": "情况记录",
	"Services": "提供的服务", "NextDue": "下次探访", "By": "登记人", "PreparedOn": "开始办理", "SubmittedOn": "递交日期",
	"DecidedOn": "审批日期", "Amount": "金额（元）", "Documents": "材料", "Note": "备注",
	"Pending": "待确认", "RequestedBy": "申请人", "ConfirmedBy": "确认人",
	"Effective": "生效日期", "PlanIssued": "方案已出台", "PlanDate": "方案出台日期", "PlanDoc": "方案文号",
	"Coordination": "工作协调机制", "CoordinationDate": "协调机制建立日期", "Management": "站点管理机制",
	"ManagementDate": "管理机制建立日期", "FundingStatus": "经费状态", "FundingRequested": "申请经费（元）",
	"FundingApproved": "批复经费（元）", "FundingNote": "经费情况", "RecordedBy": "登记人", "RecordedAt": "登记时间",
	"HeldOn": "培训日期", "Title": "培训名称", "Hours": "学时", "Attendees": "参训人员编号", "HeadName": "户主",
	"Address": "地址", "rows": "行数", "created": "新建", "updated": "更新", "unchanged": "未变", "skipped": "跳过",
	"households": "新建家庭", "mode": "导入方式", "source": "文件",
	// Accounts, logins and security.
	"role": "角色", "address": "登录地址", "detail": "说明", "by_owner": "本人修改", "keys": "解除的锁定（处）",
	"recovery_codes": "恢复码（个）", "left": "剩余恢复码（个）", "user": "账号", "kind": "类型",
	"min_length": "密码最短长度", "min_classes": "密码字符种类", "max_age_days": "密码有效期（天）",
	"warn_days": "到期前提醒（天）", "history": "不得重复的历史密码（个）",
	"entries": "条数", "format": "格式", "filter": "条件",
	// Roster imports.
	"via": "途径", "gaps": "待补充", "incomplete": "待补充档案（份）", "fields": "列对应",
	"CreatedBy": "登记人", "CreatedAt": "登记时间",
}

// levelChangeLabels name the fields of a change of level, whose From and
// To are levels where other records' are dates.
var levelChangeLabels = map[string]string{"From": "原跟进级别", "To": "新跟进级别"}

// auditSkip are bookkeeping fields not worth showing as changes.
var auditSkip = map[string]bool{"ID": true, "id": true, "CreatedAt": true, "UpdatedAt": true}

// byKeys are the fields that hold a username: shown as the holder's name.
var byKeys = map[string]bool{"RecordedBy": true, "By": true, "RequestedBy": true, "ConfirmedBy": true, "CreatedBy": true}

// regionKeys are the fields that hold a region's code: shown as its name.
var regionKeys = map[string]bool{"Region": true, "region": true, "County": true}

// staffKeys are the fields that hold a staff member's id: shown as a name.
var staffKeys = map[string]bool{"worker_id": true, "PersonID": true}

// valueWords say stored codes in Chinese, by field.
var valueWords = map[string]map[string]string{
	"mode": {"all": "全部导入（有错误则全部不导入）", "valid": "只导入无误的行"},
	"via":  {"roster_import": "名册导入"},
	"kind": {"session": "浏览器会话", "api": "API 令牌"},
}

// settingsWords name the settings an entry changed.
var settingsWords = map[string]string{"followup_intervals": "探访频次", "followup_graces": "逾期上报期限",
	"password_policy": "密码策略", "totp_roles": "须用双因素认证的角色"}

// auditNames holds what the entries of a page refer to by code: account
// holders by username, regions by code, staff by id.
type auditNames struct {
	users   map[string]string
	regions map[string]string // code → path, 云城区 / 河口街道
	staff   map[int64]string
}

// auditNames looks up the names the entries refer to; staff outside scope
// stay numbers.
func (h *Handlers) auditNames(ctx context.Context, scope shuangbai.Scope, entries []shuangbai.AuditEntry) (auditNames, error) {
	var users, codes []string
	var staff []int64
	for _, e := range entries {
		users = append(users, e.Username)
		codes = append(codes, e.Region)
		if e.Entity == "region" || e.Entity == "requirement" {
			codes = append(codes, e.EntityID)
		}
		for _, js := range []string{e.Before, e.After} {
			var m map[string]any
			json.Unmarshal([]byte(js), &m) // not an object: nothing to look up
			for k, v := range m {
				switch x := v.(type) {
				case string:
					if byKeys[k] {
						users = append(users, x)
					} else if regionKeys[k] {
						codes = append(codes, x)
					}
				case float64:
					if staffKeys[k] {
						staff = append(staff, int64(x))
					}
				}
			}
		}
	}
	n := auditNames{}
	var err error
	if n.users, err = h.db.AccountNames(ctx, users); err != nil {
		return n, err
	}
	if n.regions, err = h.ui.RegionPaths(ctx, codes); err != nil {
		return n, err
	}
	n.staff, err = h.db.StaffNames(ctx, scope, staff)
	return n, err
}

// actor names who acted: the account holder's name, or the username when
// the account is gone.
func (n auditNames) actor(username string) string {
	if name := n.users[username]; name != "" {
		return name
	}
	return username
}

// object says which record an entry is about, by name where it has one,
// with the record's page when there is one. Internal ids — "roster", a
// header's hash, a count — are not shown.
func (n auditNames) object(e shuangbai.AuditEntry) (text, link string) {
	var m map[string]any
	if json.Unmarshal([]byte(e.After), &m) != nil || m == nil {
		json.Unmarshal([]byte(e.Before), &m)
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	switch {
	case e.Entity == "beneficiary" && e.Action == "import":
		if src := str("source"); src != "" {
			return "名册“" + src + "”", ""
		}
		return "名册", ""
	case e.Entity == "roster_mapping":
		return "名册的列", ""
	case e.Entity == "settings":
		return settingsWords[e.EntityID], ""
	case e.Entity == "region" || e.Entity == "requirement":
		if name := n.regions[e.EntityID]; name != "" {
			return name, ""
		}
		return "", ""
	case e.Action == "export":
		return "", "" // the log exported: the entity names it; the id is the format
	}
	for _, k := range []string{"Name", "name", "Title", "HeadName", "Username", "username", "user"} {
		if text = str(k); text != "" {
			break
		}
	}
	if text == "" && e.Entity == "user" && e.EntityID == strconv.FormatInt(e.UserID, 10) {
		text = n.actor(e.Username) // a login, a token: the actor's own account
	}
	if text == "" {
		if _, err := strconv.ParseInt(e.EntityID, 10, 64); err == nil {
			text = "编号 " + e.EntityID
		}
	}
	switch e.Entity {
	case "station":
		link = "/stations/" + e.EntityID
	case "point":
		link = "/points/" + e.EntityID
	case "person":
		link = "/staff/" + e.EntityID
	}
	return text, link
}

// auditChange is one field's value before and after a write.
type auditChange struct {
	Field, Before, After string
}

// changes compares the before and after JSON of an entry field by field,
// so the reader sees what changed rather than two blobs.
func (n auditNames) changes(e shuangbai.AuditEntry) []auditChange {
	if e.Entity == "roster_mapping" {
		return n.mappingChange(e.After)
	}
	var b, a map[string]any
	json.Unmarshal([]byte(e.Before), &b) // a non-object (or "") leaves the map nil
	json.Unmarshal([]byte(e.After), &a)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []auditChange
	for k := range keys {
		if auditSkip[k] {
			continue
		}
		vk := k
		label := fieldLabels[k]
		if l, ok := levelChangeLabels[k]; ok && e.Entity == "beneficiary" && (e.Action == "level" || e.Action == "confirm_level") {
			vk, label = "level", l // a change of level's From and To are levels, not dates
		}
		bv, av := n.value(vk, b[k]), n.value(vk, a[k])
		// A new record's empty fields and zero ids are noise, not changes.
		if bv == av || (b == nil && (av == "" || av == "0")) {
			continue
		}
		if label == "" {
			label = k
		}
		out = append(out, auditChange{Field: label, Before: bv, After: av})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// mappingChange says which column of a register holds what, from the field
// names a saved mapping stores by column.
func (n auditNames) mappingChange(after string) []auditChange {
	var fields []string
	if json.Unmarshal([]byte(after), &fields) != nil {
		return nil
	}
	var parts []string
	for i, f := range fields {
		if l := sheet.Field(f).Label(); l != "" {
			parts = append(parts, sheet.ColumnLetter(i)+" 列 "+l)
		}
	}
	return []auditChange{{Field: fieldLabels["fields"], After: strings.Join(parts, "，")}}
}

// value formats one stored value for reading.
func (n auditNames) value(key string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "是"
		}
		return "否"
	case float64:
		switch key {
		case "level":
			return shuangbai.Level4(int(x)).Label()
		case "Equipment":
			e := shuangbai.Equipment(int(x))
			if m := e.Missing(); len(m) > 0 {
				return fmt.Sprintf("%s（缺%d项）", e.Class(), len(m))
			}
			return e.Class().String()
		case "Lat", "Lng":
			if x == 0 {
				return ""
			}
		}
		if staffKeys[key] {
			switch {
			case x == 0:
				return ""
			case n.staff[int64(x)] != "":
				return n.staff[int64(x)]
			}
			return fmt.Sprintf("人员编号 %d", int64(x))
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		var names []string
		for _, g := range x {
			s, ok := g.(string)
			if !ok {
				b, _ := json.Marshal(v)
				return string(b)
			}
			switch key {
			case "groups":
				s = shuangbai.Group(s).Label()
			case "gaps":
				s = shuangbai.Gap(s).Label()
			}
			names = append(names, s)
		}
		return strings.Join(names, "、")
	case string:
		return n.text(key, x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// text formats a stored string: codes as their Chinese words, usernames
// and region codes as names, instants in China's time, dates as the pages
// write them.
func (n auditNames) text(key, x string) string {
	if w, ok := valueWords[key][x]; ok {
		return w
	}
	switch {
	case byKeys[key]:
		if name := n.users[x]; name != "" && name != x {
			return name + "（" + x + "）"
		}
		return x
	case regionKeys[key]:
		if name := n.regions[x]; name != "" {
			return name
		}
		return x
	}
	switch key {
	case "Status":
		if l := shuangbai.AppStatus(x).Label(); l != "" {
			return l
		}
		return shuangbai.SiteStatus(x).Label()
	case "Kind":
		if l := shuangbai.AppKind(x).Label(); l != x {
			return l
		}
		if l := shuangbai.VisitKind(x).Label(); l != x {
			return l
		}
		return shuangbai.TrainingKind(x).Label()
	case "Role":
		if l := shuangbai.StaffRole(x).Label(); l != x {
			return l
		}
		return shuangbai.Role(x).Label()
	case "role":
		return shuangbai.Role(x).Label()
	}
	if t, err := time.Parse(time.RFC3339Nano, x); err == nil && len(x) > len("2006-01-02") {
		return t.In(shuangbai.China).Format("2006-01-02 15:04")
	}
	if d, err := shuangbai.ParseDate(x); err == nil && len(x) == len("2006-01-02") && !d.IsZero() {
		return d.Chinese()
	}
	return x
}

package admin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// auditPage is the data of audit/list.html.
type auditPage struct {
	Entries   []auditView
	Entity    string
	Entities  []string // the kinds of record the filter offers
	Older     string   // link to the next, older page; "" at the end
	CanExport bool     // the audit administrator: exports and checks the logs
	MaxExport int      // the most entries one export holds
}

// auditEntities are the kinds of record the audit page filters on.
var auditEntities = []string{"station", "point", "person", "assignment", "user", "region", "requirement",
	"session", "settings", store.LogAudit, store.LogAccess}

// auditView is one audit entry with the fields it changed.
type auditView struct {
	shuangbai.AuditEntry
	RegionName string
	Changes    []auditChange
	Link       string // the record's page, when it has one
}

// auditChange is one field's value before and after a write.
type auditChange struct {
	Field, Before, After string
}

// AuditList shows the audit log of the admin's scope, newest first, one
// page at a time (keyset paging on the entry id, stable while new entries
// arrive).
func (h *Handlers) AuditList(w http.ResponseWriter, r *http.Request) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	if !u.CanReadAudit() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有审计管理员和市级、县级管理员可以查看操作日志")
	}
	f := store.AuditFilter{Entity: q.Get("entity"), Limit: ui.PageSize}
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return ui.BadRequest("参数 before 应为正整数")
		}
		f.BeforeID = n
	}
	entries, err := h.db.AuditLog(ctx, ui.Scope(r), f)
	if err != nil {
		return err
	}
	var codes []string
	for _, e := range entries {
		codes = append(codes, e.Region)
	}
	paths, err := h.ui.RegionPaths(ctx, codes)
	if err != nil {
		return err
	}
	p := auditPage{Entity: f.Entity, Entities: auditEntities, CanExport: u.CanExportAudit(), MaxExport: maxExportRows}
	for _, e := range entries {
		v := auditView{AuditEntry: e, RegionName: paths[e.Region], Changes: auditChanges(e.Before, e.After)}
		switch e.Entity {
		case "station":
			v.Link = "/stations/" + e.EntityID
		case "point":
			v.Link = "/points/" + e.EntityID
		case "person":
			v.Link = "/staff/" + e.EntityID
		}
		p.Entries = append(p.Entries, v)
	}
	if len(entries) == ui.PageSize {
		p.Older = fmt.Sprintf("/audit?entity=%s&before=%d", f.Entity, entries[len(entries)-1].ID)
	}
	return h.ui.Render(w, r, http.StatusOK, "audit/list.html", p)
}

// fieldLabels names the fields of the records the log stores, in Chinese.
var fieldLabels = map[string]string{
	"Name": "名称/姓名", "Status": "状态", "BuiltOn": "建成日期", "Office": "落实办公场所",
	"OfficeAddress": "办公场所地址", "OfficeSince": "办公场所落实日期", "Equipment": "设备设施",
	"Lat": "纬度", "Lng": "经度", "Phone": "电话", "Region": "区划", "StationID": "所属社工站",
	"Gender": "性别", "Role": "岗位/角色", "Username": "用户名", "Disabled": "已停用",
	"PersonID": "人员", "PointID": "社工点", "From": "到岗日期", "To": "离岗日期",
	"username": "用户名", "disabled": "已停用", "added": "新增数量",
	"County": "县（市、区）", "Stations": "应建社工站", "Points": "应建社工点", "Reason": "理由",
	// Case work: the beneficiary's audit view has lower-case keys.
	"name": "姓名", "region": "区划", "gender": "性别", "age": "年龄", "id_number": "身份证号（只记尾号）",
	"phone": "电话（已隐藏）", "groups": "类别", "level": "跟进级别", "open": "在案", "worker_id": "责任社工编号",
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
}

// auditSkip are bookkeeping fields not worth showing as changes.
var auditSkip = map[string]bool{"ID": true, "CreatedAt": true, "UpdatedAt": true}

// auditChanges compares the before and after JSON of an entry field by
// field, so the reader sees what changed rather than two blobs.
func auditChanges(before, after string) []auditChange {
	var b, a map[string]any
	json.Unmarshal([]byte(before), &b) // a non-object (or "") leaves the map nil
	json.Unmarshal([]byte(after), &a)
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
		bv, av := auditValue(k, b[k]), auditValue(k, a[k])
		// A new record's empty fields and zero ids are noise, not changes.
		if bv == av || (b == nil && (av == "" || av == "0")) {
			continue
		}
		label := fieldLabels[k]
		if label == "" {
			label = k
		}
		out = append(out, auditChange{Field: label, Before: bv, After: av})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// auditValue formats one stored value for reading.
func auditValue(key string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "是"
		}
		return "否"
	case float64:
		if key == "level" {
			return shuangbai.Level4(int(x)).Label()
		}
		if key == "Equipment" {
			e := shuangbai.Equipment(int(x))
			if m := e.Missing(); len(m) > 0 {
				return fmt.Sprintf("%s（缺%d项）", e.Class(), len(m))
			}
			return e.Class().String()
		}
		if key == "Lat" || key == "Lng" {
			if x == 0 {
				return ""
			}
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		if key == "groups" {
			var names []string
			for _, g := range x {
				if gs, ok := g.(string); ok {
					names = append(names, shuangbai.Group(gs).Label())
				}
			}
			return strings.Join(names, "、")
		}
	case string:
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
		case "kind":
			if l, ok := map[string]string{"session": "浏览器会话", "api": "API 令牌"}[x]; ok {
				return l
			}
		}
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

package ui

// ActionLabel names an audit action in Chinese.
func ActionLabel(a string) string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return a
}

var actionLabels = map[string]string{"create": "新增", "update": "修改", "delete": "删除", "import": "导入",
	"rename": "更名/调整", "password": "修改密码", "disable": "停用/启用",
	"level": "调整跟进级别", "confirm_level": "确认降级", "close": "结案", "bulk_load": "批量生成",
	// Accounts and security (等保 2.0 level 3).
	"login": "登录", "login_failed": "登录失败", "lockout": "账号锁定", "unlock": "解锁", "role": "调整角色",
	"totp_enrol": "启用双因素认证", "totp_reset": "重置双因素认证", "recovery_used": "使用恢复码",
	"revoke": "注销令牌", "token_issue": "签发令牌", "export": "导出",
	// Recruitment.
	"review": "资格审核", "medical": "体检结果", "sign": "签约"}

// EntityLabel names an audited kind of record in Chinese.
func EntityLabel(e string) string {
	if l, ok := entityLabels[e]; ok {
		return l
	}
	return e
}

var entityLabels = map[string]string{"station": "社工站", "point": "社工点", "person": "人员", "assignment": "人员分配",
	"user": "账号", "region": "区划", "requirement": "应建数量", "beneficiary": "服务对象", "household": "家庭",
	"visit": "探访记录", "application": "协助申请", "county_facts": "方案机制经费", "county_report": "县级填报数字",
	"training": "培训", "settings": "系统设置", "assessment": "需求评估", "generated": "生成数据",
	"session": "会话/令牌", "audit_log": "操作日志", "access_log": "查阅记录",
	"roster_mapping": "名册列对应",
	"campaign":       "招聘", "campaign_post": "招聘岗位", "exam_task": "考务任务", "applicant": "报名", "contract": "合同",
	"qualification": "职业资格", "supervision": "督导负责站点", "chief_supervisor": "总督导",
	"station_plan": "站点计划", "plan_template": "计划模板",
	"activity": "社区活动", "activity_photo": "活动照片", "activity_participant": "活动参与人员",
	"supervision_visit": "督导记录", "action_item": "待办与整改", "indicator_set": "评估指标", "evaluation_round": "监测评估",
	"evaluation_score": "评估评分", "briefing": "工作简报", "briefing_series": "简报系列", "news": "工作动态", "news_photo": "动态照片",
	"attachment": "附件", "eligibility_rule": "政策找人规则"}

// AccessLabel names an access-log action in Chinese.
func AccessLabel(a string) string {
	if l, ok := accessLabels[a]; ok {
		return l
	}
	return a
}

var accessLabels = map[string]string{"view": "查看档案", "reveal": "查看完整号码", "export": "导出",
	"id_match": "辖区外录入其身份证号（被拒）"}

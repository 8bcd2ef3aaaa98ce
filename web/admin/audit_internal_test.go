package admin

import "testing"

func TestAuditChangesCaseWork(t *testing.T) {
	got := auditChanges(`{"Kind":"old_age","Status":"preparing","Amount":0}`, `{"Kind":"old_age","Status":"approved","Amount":100}`)
	found := map[string]auditChange{}
	for _, c := range got {
		found[c.Field] = c
	}
	if c := found["状态"]; c.Before != "准备中" || c.After != "已批准" {
		t.Errorf("application status: %+v", got)
	}
	if c, ok := found["金额（元）"]; !ok || c.After != "100" {
		t.Errorf("amount: %+v", got)
	}
	groups := auditChanges(`{"groups":["left_behind"],"level":2}`, `{"groups":["left_behind","children"],"level":1}`)
	for _, c := range groups {
		if c.Field == "类别" && c.After != "留守儿童、儿童" || c.Field == "跟进级别" && c.After != "一级" {
			t.Errorf("case-work change %+v", c)
		}
	}
	if len(groups) != 2 {
		t.Errorf("changes = %+v", groups)
	}
}

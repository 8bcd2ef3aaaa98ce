package admin_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

// TestAuditLogWords: after a social worker imports a register and a county
// admin records the county's facts, the 操作日志 reads in Chinese: who by
// name beside the username, the import by its file and mode in words, the
// files it filed by name, times in China's time, no internal ids or codes.
func TestAuditLogWords(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	api := f.API(t, webtest.YcWorker)
	csv := "姓名,身份证号,村（社区）代码,人员类别,责任社工\n" +
		"陈小明," + webtest.IDNum("44530219900101123") + ",445302003208,残疾人,陈云城\n" +
		"坏行,123,445302003208,,\n"
	req := httptest.NewRequest("POST", "/api/v1/beneficiaries/import?mode=valid&filename=双上村名册.csv", strings.NewReader(csv))
	req.Header.Set("Content-Type", "text/csv")
	webtest.Expect(t, api.Do(req), http.StatusOK)
	admin, _, err := f.DB.UserByName(t.Context(), webtest.YcAdmin)
	if err != nil {
		t.Fatal(err)
	}
	facts := &shuangbai.CountyFacts{Region: "445302", Effective: shuangbai.NewDate(2021, 8, 1), PlanIssued: true, PlanDate: shuangbai.NewDate(2021, 7, 1), PlanDoc: "云民〔2021〕1号"}
	if err := f.DB.RecordFacts(t.Context(), admin, facts); err != nil {
		t.Fatal(err)
	}

	res := f.As(t, webtest.CityAudit).Get(t, "/audit")
	webtest.Expect(t, res, http.StatusOK, "陈云城", `<small class="muted code">yc.sw</small>`, "名册“双上村名册.csv”", "导入方式</span>：<ins>只导入无误的行</ins>",
		"途径</span>：<ins>名册导入</ins>", "待补充</span>：<ins>残疾类别和等级</ins>", "责任社工</span>：<ins>陈云城</ins>", "服务对象 陈小明",
		"区划</span>：<ins>云城区 / 河口街道 / 双上村民委员会</ins>", "登记人</span>：<ins>yc.admin</ins>", "方案出台日期</span>：<ins>2021年7月1日</ins>",
		"登记时间</span>：<ins>2021-08-09 10:00</ins>", "<td>账号 陈云城</td>")
	webtest.ExpectNot(t, res, "#roster", "roster_import", "：<ins>valid</ins>", ">#", "T10:00:00Z", "445302003208</ins>", "到岗日期</span>：<ins>2</ins>")
	// A change of level says its levels.
	webtest.Expect(t, res, http.StatusOK, "原跟进级别</span>：<ins>二级</ins>", "新跟进级别</span>：<ins>四级</ins>")
	if m := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d`).FindString(res.Body.String()); m != "" {
		t.Errorf("an instant as stored: %s", m)
	}
}

package evaluation_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/web/evaluation"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, evaluation.Pages) }

var testNow = time.Date(2021, 8, 9, 10, 0, 0, 0, shuangbai.China)

var setForm = url.Values{"region": {"4453"}, "name": {"2021年社工站监测评估指标"},
	"ind1_name": {"服务成效"}, "ind1_category": {"服务成效"}, "ind1_weight": {"50"}, "ind1_max": {"50"},
	"ind2_name": {""},
	"ind3_name": {"激活社群"}, "ind3_weight": {"30"}, "ind3_max": {"30"},
	"ind4_name": {"档案评估完整"}, "ind4_weight": {"20"}, "ind4_max": {"20"}, "ind4_computed": {"assessed"}}

func TestEvaluationJourney(t *testing.T) {
	f := webtest.New(t)
	f.DB.Now = func() time.Time { return testNow }
	city := f.As(t, webtest.CityAdmin)
	// The weights must sum to 100: the message shows over the rows, which moved up.
	bad := url.Values{}
	for k, v := range setForm {
		bad[k] = v
	}
	bad.Set("ind3_weight", "20")
	webtest.Expect(t, city.PostForm(t, "/indicator-sets", bad), http.StatusUnprocessableEntity, "权重合计应为 100%，现为 90%", `name="ind2_name" value="激活社群"`)
	webtest.Expect(t, f.As(t, webtest.YcAdmin).PostForm(t, "/indicator-sets", setForm), http.StatusForbidden)
	if res := city.PostForm(t, "/indicator-sets", setForm); res.Code != http.StatusSeeOther {
		t.Fatalf("set: %d %s", res.Code, res.Body)
	}
	sets, err := f.DB.IndicatorSets(t.Context(), shuangbai.Scope{Code: "4453"})
	if err != nil || len(sets) != 1 || len(sets[0].Indicators) != 3 {
		t.Fatalf("sets = %+v %v", sets, err)
	}
	set := sets[0]
	webtest.Expect(t, city.Get(t, "/indicator-sets"), http.StatusOK, "档案评估完整率")
	webtest.Expect(t, city.Get(t, "/evaluations/new"), http.StatusOK, "河口街道社工站", "2021年社工站监测评估指标")
	round := url.Values{"title": {"2021年“双百计划”监测评估"}, "evaluators": {"省民政厅 谢军、游华元"}, "held_on": {"2021-07-07"}, "region": {"4453"},
		"set_id": {webtest.ID(set.ID)}, "methods": {"实地走访、查阅文书档案、听取汇报"}}
	webtest.Expect(t, city.PostForm(t, "/evaluations", round), http.StatusUnprocessableEntity, "请至少选择一个被评估的社工站")
	round["station_id"] = []string{webtest.ID(f.YcStation.ID)}
	res := city.PostForm(t, "/evaluations", round)
	m := regexp.MustCompile(`^/evaluations/(\d+)$`).FindStringSubmatch(res.Header().Get("Location"))
	if m == nil {
		t.Fatalf("round: %d %s", res.Code, res.Body)
	}
	base := "/evaluations/" + m[1]
	st := base + "/stations/" + webtest.ID(f.YcStation.ID)
	webtest.Expect(t, city.Get(t, base), http.StatusOK, "河口街道社工站", "未评完")
	webtest.Expect(t, city.Get(t, st), http.StatusOK, "在档服务对象 0 户", "无在档服务对象")
	ind := set.Indicators
	scores := url.Values{"findings": {"服务台账齐全"}, fmt.Sprintf("score_%d", ind[0].ID): {"45"}, fmt.Sprintf("score_%d", ind[1].ID): {"31"},
		fmt.Sprintf("score_%d", ind[2].ID): {"18"}, fmt.Sprintf("evidence_%d", ind[0].ID): {"抽查个案 10 份"}}
	webtest.Expect(t, city.PostForm(t, st, scores), http.StatusUnprocessableEntity, "得分不能超过该指标的满分 30 分")
	scores.Set(fmt.Sprintf("score_%d", ind[1].ID), "24")
	if res := city.PostForm(t, st, scores); res.Code != http.StatusSeeOther {
		t.Fatalf("scores: %d %s", res.Code, res.Body)
	}
	webtest.Expect(t, city.Get(t, base), http.StatusOK, "<strong>87</strong>")
	webtest.Expect(t, city.PostForm(t, st+"/items", url.Values{"title": {"补齐需求评估"}, "due": {"2021-08-31"}}), http.StatusUnprocessableEntity, "责任人")
	if res := city.PostForm(t, st+"/items", url.Values{"title": {"补齐需求评估"}, "owner": {"河口街道社工站"}, "due": {"2021-08-31"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("item: %d %s", res.Code, res.Body)
	}
	webtest.Expect(t, city.Get(t, st), http.StatusOK, "补齐需求评估", "标记完成")
	for _, path := range []string{base + "/report.docx", base + "/scores.xlsx"} {
		res := city.Get(t, path)
		if res.Code != http.StatusOK || !bytes.HasPrefix(res.Body.Bytes(), []byte("PK")) {
			t.Fatalf("%s: %d", path, res.Code)
		}
	}
	x, err := excelize.OpenReader(city.Get(t, base+"/scores.xlsx").Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("评分")
	if len(rows) != 3 || rows[2][4] != "87" {
		t.Errorf("score sheet = %q", rows)
	}
	x.Close()

	// The county reads its station; it cannot score the city's round.
	yc := f.As(t, webtest.YcAdmin)
	webtest.Expect(t, yc.Get(t, st), http.StatusOK, "补齐需求评估")
	webtest.ExpectNot(t, yc.Get(t, st), "保存评分")
	webtest.Expect(t, yc.PostForm(t, st, scores), http.StatusForbidden)
	// The other county does not find it.
	ld, ldAPI := f.As(t, webtest.LdAdmin), f.API(t, webtest.LdAdmin)
	for _, path := range []string{base, st, base + "/report.docx"} {
		webtest.Expect(t, ld.Get(t, path), http.StatusNotFound)
	}
	webtest.Expect(t, ldAPI.Get(t, "/api/v1/evaluations/"+m[1]), http.StatusNotFound)
	webtest.Expect(t, ldAPI.Get(t, "/api/v1/evaluations"), http.StatusOK, `"total":0`)
	webtest.ExpectNot(t, ld.Get(t, "/evaluations"), "监测评估</a></td>")
	// The viewer reads and cannot write.
	view := f.As(t, webtest.YcViewer)
	webtest.Expect(t, view.Get(t, "/evaluations"), http.StatusOK, "2021年“双百计划”监测评估")
	webtest.Expect(t, view.PostForm(t, "/evaluations", round), http.StatusForbidden)
	webtest.Expect(t, view.Get(t, "/evaluations/new"), http.StatusForbidden)

	// The API: list, show with the figures, scores replaced whole or refused.
	api := f.API(t, webtest.CityAdmin)
	webtest.Expect(t, api.Get(t, "/api/v1/evaluations?region=445302003"), http.StatusOK, `"total":1`)
	webtest.Expect(t, api.Get(t, "/api/v1/evaluations/"+m[1]), http.StatusOK, `"total":87`, `"open_files":0`, `"indicator_set"`)
	put := "/api/v1/evaluations/" + m[1] + "/stations/" + webtest.ID(f.YcStation.ID)
	webtest.Expect(t, api.JSON(t, "PUT", put, map[string]any{"scores": []map[string]any{{"indicator_id": ind[0].ID, "score": 51}}}),
		http.StatusUnprocessableEntity, fmt.Sprintf("score_%d", ind[0].ID))
	webtest.Expect(t, api.JSON(t, "PUT", put, map[string]any{"findings": "复核", "scores": []map[string]any{{"indicator_id": ind[0].ID, "score": 40}}}),
		http.StatusOK, `"total":40`, `"complete":false`)
	webtest.Expect(t, api.Get(t, "/api/v1/indicator-sets"), http.StatusOK, "档案评估完整")
	webtest.Expect(t, api.JSON(t, "POST", "/api/v1/evaluations", map[string]any{"title": "x", "evaluators": "y", "held_on": "2021-08-01", "region": "4453",
		"set_id": set.ID, "stations": []int64{f.LdStation.ID}}), http.StatusCreated)
}

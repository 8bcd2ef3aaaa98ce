package search_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/web/search"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, search.Pages) }

var day = time.Date(2024, 5, 6, 2, 0, 0, 0, time.UTC)

func newWorld(t *testing.T) *webtest.Fixture {
	t.Helper()
	f := webtest.New(t)
	err := f.DB.IndexItems(t.Context(), []shuangbai.SearchItem{
		{Kind: "briefing", ID: 1, Region: "4453", Title: "云浮市工作简报第5期", Body: "全市走访低保户1234户，留守老人312人。", Published: day},
		{Kind: "news", ID: 2, Region: "445302", Title: "云城区关爱留守老人", Body: "社工为老人理发。", Published: day},
		{Kind: "news", ID: 3, Region: "445381", Title: "罗定市低保复核", Body: "走访老人家庭。", Published: day},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

type hits struct {
	Items []struct {
		Kind      string `json:"kind"`
		ID        int64  `json:"id"`
		Published string `json:"published"`
		Title     []struct {
			Text string `json:"text"`
			Hit  bool   `json:"hit"`
		} `json:"title"`
	} `json:"items"`
	Total int `json:"total"`
}

func TestAPISearchScoped(t *testing.T) {
	t.Parallel()
	f := newWorld(t)
	tests := []struct {
		user string
		q    string
		want []int64
	}{
		{webtest.CityAdmin, "老人", []int64{2, 3, 1}},
		{webtest.YcAdmin, "老人", []int64{2, 1}},
		{webtest.LdAdmin, "老人", []int64{3, 1}},
		{webtest.YcViewer, "低保", []int64{1}},
		{webtest.LdAdmin, "关爱", nil},
	}
	for _, tt := range tests {
		res := f.API(t, tt.user).Get(t, "/api/v1/search?q="+url.QueryEscape(tt.q))
		webtest.Expect(t, res, http.StatusOK)
		var got hits
		webtest.Decode(t, res, &got)
		var ids []int64
		for _, it := range got.Items {
			ids = append(ids, it.ID)
		}
		if !slices.Equal(ids, tt.want) || got.Total != len(tt.want) {
			t.Errorf("%s searching %q: %v, want %v", tt.user, tt.q, ids, tt.want)
		}
	}
	res := f.API(t, webtest.CityAdmin).Get(t, "/api/v1/search?q="+url.QueryEscape("留守老人"))
	var got hits
	webtest.Decode(t, res, &got)
	if len(got.Items) != 2 || got.Items[0].Published != "2024-05-06" || len(got.Items[0].Title) != 2 || !got.Items[0].Title[1].Hit || got.Items[0].Title[1].Text != "留守老人" {
		t.Errorf("highlighted title: %+v", got.Items)
	}
}

func TestAPISearchRefusesBadQueries(t *testing.T) {
	t.Parallel()
	f := newWorld(t)
	api := f.API(t, webtest.CityAdmin)
	for q, want := range map[string]string{
		"老":                      "至少输入两个字",
		strings.Repeat("老", 101): "最多 100 个字",
		"":                       "请输入",
	} {
		res := api.Get(t, "/api/v1/search?q="+url.QueryEscape(q))
		webtest.Expect(t, res, http.StatusUnprocessableEntity, want)
	}
	webtest.Expect(t, api.Get(t, "/api/v1/search?q=%E8%80%81%E4%BA%BA&limit=0"), http.StatusBadRequest, "limit")
	webtest.Expect(t, f.API(t, webtest.CityAudit).Get(t, "/api/v1/search?q=%E8%80%81%E4%BA%BA"), http.StatusForbidden)
	webtest.Expect(t, f.Anon().Get(t, "/api/v1/search?q=%E8%80%81%E4%BA%BA"), http.StatusUnauthorized)
}

func TestSearchPage(t *testing.T) {
	t.Parallel()
	f := newWorld(t)
	c := f.As(t, webtest.YcAdmin)
	webtest.Expect(t, c.Get(t, "/search"), http.StatusOK, "检索简报和工作动态")
	res := c.Get(t, "/search?q="+url.QueryEscape("留守 老人"))
	webtest.Expect(t, res, http.StatusOK, "<mark>留守老人</mark>", "找到 2 条", "/news/2", "/briefings/1")
	webtest.ExpectNot(t, res, "罗定市低保复核")
	res = c.Get(t, "/search?q="+url.QueryEscape("老"))
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "搜索词太短：请至少输入两个字", `aria-invalid="true"`)
	webtest.Expect(t, c.Get(t, "/search?q="+url.QueryEscape("养老院")), http.StatusOK, "没有找到包含")
	webtest.Expect(t, f.As(t, webtest.CityAudit).Get(t, "/search"), http.StatusForbidden)
}

package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

var searchDay = time.Date(2024, 5, 6, 8, 0, 0, 0, time.UTC)

func searchItems() []shuangbai.SearchItem {
	return []shuangbai.SearchItem{
		{Kind: "briefing", ID: 1, Region: "4453", Title: "云浮市社工站工作简报第5期", Body: "全市走访低保户1234户，留守老人312人。", Published: searchDay},
		{Kind: "news", ID: 10, Region: "445302", Title: "云城区关爱留守老人", Body: "云城区社工为老人理发。", Published: searchDay.Add(time.Hour)},
		{Kind: "news", ID: 11, Region: "445381", Title: "罗定市低保复核", Body: "罗定市复核低保对象，走访老人家庭。", Published: searchDay.Add(2 * time.Hour)},
		{Kind: "news", ID: 12, Region: "445302001", Title: "镇社工站开展活动", Body: "为困境儿童开展读书活动，ABC项目启动。", Published: searchDay.Add(3 * time.Hour)},
		// 老 and 人 both, never side by side: the grams match, the text does not.
		{Kind: "news", ID: 13, Region: "445302", Title: "人员培训", Body: "老同志讲课。", Published: searchDay},
	}
}

func openSearch(t *testing.T) *store.DB {
	t.Helper()
	db := storetest.Open(t)
	if err := db.IndexItems(context.Background(), searchItems()); err != nil {
		t.Fatal(err)
	}
	return db
}

func hitKeys(hs []shuangbai.SearchHit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Kind+":"+strconv.FormatInt(h.ID, 10))
	}
	return out
}

func TestSearchScopedAndRanked(t *testing.T) {
	db := openSearch(t)
	ctx := context.Background()
	city, yc, ld := shuangbai.Scope{Code: "4453"}, shuangbai.Scope{Code: "445302"}, shuangbai.Scope{Code: "445381"}
	town := shuangbai.Scope{Code: "445302001"}
	tests := []struct {
		name string
		sc   shuangbai.Scope
		q    string
		want []string
	}{
		// Title hits first (newest first among them), then the rest, newest first.
		{"two characters, city", city, "老人", []string{"news:10", "news:11", "briefing:1"}},
		{"the county sees its own and the city's briefing, not the other county's", yc, "老人", []string{"news:10", "briefing:1"}},
		{"the other county", ld, "老人", []string{"news:11", "briefing:1"}},
		{"a town reads what its county and the city published", town, "老人", []string{"news:10", "briefing:1"}},
		{"two terms, both needed", city, "低保 罗定", []string{"news:11"}},
		{"three characters", city, "低保户", []string{"briefing:1"}},
		{"digits", city, "1234", []string{"briefing:1"}},
		{"letters fold", city, "ａｂｃ", []string{"news:12"}},
		{"not found", city, "养老院", nil},
		{"no scope sees nothing", shuangbai.Scope{}, "老人", nil},
		{"the operator sees all", shuangbai.Scope{All: true}, "社工站", []string{"news:12", "briefing:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs, err := db.Search(ctx, tt.sc, tt.q, 10)
			if err != nil {
				t.Fatal(err)
			}
			if got := hitKeys(hs); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Search(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
	hs, err := db.Search(ctx, city, "低保户", 10)
	if err != nil || len(hs) != 1 {
		t.Fatalf("%v %v", hs, err)
	}
	var marked []string
	for _, f := range hs[0].Snippet {
		if f.Hit {
			marked = append(marked, f.Text)
		}
	}
	if strings.Join(marked, ",") != "低保户" {
		t.Errorf("snippet %+v marks %v, want 低保户", hs[0].Snippet, marked)
	}
	if !hs[0].Published.Equal(searchDay) {
		t.Errorf("published %v, want %v", hs[0].Published, searchDay)
	}
}

func TestSearchRejectsShortAndLongQueries(t *testing.T) {
	db := openSearch(t)
	for _, q := range []string{"老", "", strings.Repeat("老", 101)} {
		if _, err := db.Search(context.Background(), shuangbai.Scope{Code: "4453"}, q, 10); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
			t.Errorf("Search(%q) error %v, want EINVALID", q, err)
		}
	}
}

func TestSearchReindexAndRemove(t *testing.T) {
	db := openSearch(t)
	ctx := context.Background()
	city := shuangbai.Scope{Code: "4453"}
	it := searchItems()[1]
	it.Title, it.Body = "云城区敬老活动", "社工为长者理发。"
	if err := db.IndexItem(ctx, it); err != nil {
		t.Fatal(err)
	}
	if hs, _ := db.Search(ctx, city, "关爱", 10); len(hs) != 0 {
		t.Errorf("the old title still found: %v", hitKeys(hs))
	}
	if hs, _ := db.Search(ctx, city, "敬老", 10); strings.Join(hitKeys(hs), ",") != "news:10" {
		t.Errorf("the new title not found: %v", hitKeys(hs))
	}
	if err := db.RemoveItem(ctx, "news", 10); err != nil {
		t.Fatal(err)
	}
	if hs, _ := db.Search(ctx, city, "敬老", 10); len(hs) != 0 {
		t.Errorf("a removed item found: %v", hitKeys(hs))
	}
	if err := db.IndexItem(ctx, shuangbai.SearchItem{Kind: "news", ID: 99}); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("an item without a region: %v, want EINVALID", err)
	}
}

// The read of candidates stops at the limit's title hits: at every limit
// the answer is the first of the full ranking — title hits newest first,
// then the rest newest first, the later indexed first at the same time —
// with times a fraction of a second apart, which SQLite orders as text.
func TestSearchRankingAtEveryLimit(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	at := func(ms int) time.Time { return searchDay.Add(time.Duration(ms) * time.Millisecond) }
	items := []struct {
		title bool
		ms    int
	}{{true, 0}, {false, 500}, {true, 250}, {false, 0}, {true, 1000}, {true, 250}, {false, 1250}, {true, 9}, {false, 90}}
	var all []shuangbai.SearchItem
	for i, x := range items {
		it := shuangbai.SearchItem{Kind: "news", ID: int64(i + 1), Region: "4453", Title: "简报", Body: "走访老人。", Published: at(x.ms)}
		if x.title {
			it.Title = "关爱老人"
		}
		all = append(all, it)
	}
	if err := db.IndexItems(ctx, all); err != nil {
		t.Fatal(err)
	}
	// title hits 5 (1000 ms), 3 and 6 (250 ms: 6 indexed later), 8, 1; then 7, 2, 9, 4
	want := []string{"news:5", "news:6", "news:3", "news:8", "news:1", "news:7", "news:2", "news:9", "news:4"}
	for limit := 1; limit <= len(want); limit++ {
		hs, err := db.Search(ctx, shuangbai.Scope{Code: "4453"}, "老人", limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(hitKeys(hs), ","); got != strings.Join(want[:limit], ",") {
			t.Errorf("limit %d: %s, want %s", limit, got, strings.Join(want[:limit], ","))
		}
	}
}

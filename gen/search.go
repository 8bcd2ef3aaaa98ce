package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"shuangbai"
)

// Phrases the generated news items are written from: the words of the
// station's work, so that common two-character words (老人, 低保) occur in
// thousands of items and rarer ones in a few, as in real archives.
var newsPhrases = []string{
	"社工站走访留守老人", "为低保户办理复核", "开展困境儿童关爱活动", "组织志愿者入户探访",
	"协助特困人员申请救助", "举办长者生日会", "链接慈善资源", "开展政策宣讲",
	"建立个案档案", "跟进残疾人康复服务", "召开村居联席会议", "开展社区安全教育",
	"为独居老人安装呼叫器", "督导到站指导", "完成季度服务台账", "推进“双百工程”建设",
}

// SearchItems returns n published items, briefings and news, spread over
// the counties and towns of city 0, a day apart backwards from AsOf. The
// same n gives the same items.
func SearchItems(n int) []shuangbai.SearchItem {
	rnd := rand.New(rand.NewPCG(7, uint64(n)))
	city := CityCode(0)
	end := AsOf.Time().Add(9 * time.Hour)
	out := make([]shuangbai.SearchItem, n)
	for i := range out {
		county := fmt.Sprintf("%s%02d", city, 2+rnd.IntN(5))
		region, kind := county+fmt.Sprintf("%03d", 1+rnd.IntN(12)), "news"
		if i%20 == 0 {
			region, kind = city, "briefing"
		}
		var b strings.Builder
		for k := 0; k < 6+rnd.IntN(6); k++ {
			b.WriteString(newsPhrases[rnd.IntN(len(newsPhrases))])
			fmt.Fprintf(&b, "%d人次，", 1+rnd.IntN(300))
		}
		b.WriteString("取得良好成效。")
		out[i] = shuangbai.SearchItem{Kind: kind, ID: int64(i + 1), Region: region,
			Title:     fmt.Sprintf("第%d期：%s", i+1, newsPhrases[rnd.IntN(len(newsPhrases))]),
			Body:      b.String(),
			Published: end.Add(-time.Duration(i) * 24 * time.Hour)}
	}
	return out
}

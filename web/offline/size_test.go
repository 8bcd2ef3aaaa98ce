package offline_test

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

// TestBundleSize60: the bound — a worker with 60 cases, each with
// many visits and long notes, gets a bundle under 300 KB (as sent, and
// before compression too), holding at most 10 visits a case.
func TestBundleSize60(t *testing.T) {
	f := webtest.NewCase(t)
	ctx, sys := t.Context(), shuangbai.SystemUser
	// Notes of varied text (a repeated sentence would gzip to nothing and
	// flatter the figure), each longer than the bundle keeps.
	chars := []rune("老人独居行动不便需要定期上门了解身体和生活情况子女外出务工低保边缘户慢性病药物按时服用邻里照看村委协助申请补贴精神状态良好")
	rnd := rand.New(rand.NewPCG(16, 60))
	noteOf := func() string {
		r := make([]rune, 220)
		for i := range r {
			r[i] = chars[rnd.IntN(len(chars))]
		}
		return string(r)
	}
	have := 3 // 陈志明, 黄阿婆, 张小红 are hers already
	for i := 0; have < 60; i++ {
		first := fmt.Sprintf("4453021950%02d%02d%03d", 1+i%12, 1+i%28, 100+i)
		b := &shuangbai.Beneficiary{Region: "445302003208", Name: fmt.Sprintf("对象%02d", i), IDNumber: webtest.IDNum(first), Phone: "13900000000",
			Groups: []shuangbai.Group{shuangbai.GroupElderlyAlone}, FoundBy: shuangbai.FoundVisiting, FoundOn: shuangbai.NewDate(2020, 3, 1),
			WorkerID: f.YcPerson.ID, Level: 2, Address: "河口街道双上村" + strings.Repeat("某巷", 10)}
		if err := f.DB.FileBeneficiary(ctx, sys, b, nil); err != nil {
			t.Fatal(err)
		}
		for k := range 15 {
			v := &shuangbai.Visit{BeneficiaryID: b.ID, On: shuangbai.NewDate(2021, 1, 1).AddDays(k * 14), Kind: shuangbai.VisitHome,
				Findings: noteOf(), Services: []string{"精神慰藉", "政策咨询"}}
			if err := f.DB.RecordVisit(ctx, sys, v); err != nil {
				t.Fatal(err)
			}
		}
		have++
	}
	c := f.As(t, webtest.YcWorker)
	req := httptest.NewRequest(http.MethodGet, "/offline/api/bundle", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res := c.Do(req)
	webtest.Expect(t, res, http.StatusOK)
	sent := res.Body.Len()
	var plain []byte
	if res.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		plain, _ = io.ReadAll(zr)
	} else {
		plain = res.Body.Bytes()
	}
	t.Logf("60 cases: %d bytes sent, %d before compression", sent, len(plain))
	if sent > 300<<10 || len(plain) > 300<<10 {
		t.Errorf("the bundle of 60 cases is %d bytes sent, %d plain: over 300 KB", sent, len(plain))
	}
	var b bundle
	if err := json.Unmarshal(plain, &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Cases) != 60 {
		t.Fatalf("%d cases in the bundle, want 60", len(b.Cases))
	}
	for _, x := range b.Cases {
		if len(x.Visits) > 10 {
			t.Fatalf("case %d carries %d visits, want at most 10", x.ID, len(x.Visits))
		}
	}
}

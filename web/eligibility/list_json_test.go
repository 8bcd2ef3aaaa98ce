package eligibility

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"shuangbai"
)

// The hand-written answer is byte for byte what json.Marshal writes of the
// same list: no day, no counts (null) and counts in any order, no items
// (null) and an empty list, workers missing, and text that JSON escapes.
func TestAppendList(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 26))
	texts := []string{"", "低保边缘", "a<b>&c", "\"引号\"\\", "行\n分\t隔", "\u2028\u2029", "\xff坏", "\x01"}
	str := func() string { return texts[rng.IntN(len(texts))] + texts[rng.IntN(len(texts))] }
	for n := range 80 {
		l := apiList{Region: str(), Total: rng.IntN(5000)}
		if n%3 != 0 {
			l.Date = shuangbai.NewDate(2020+rng.IntN(6), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
		}
		if n%4 != 0 {
			l.Counts = map[shuangbai.AppKind]int{}
			for range rng.IntN(7) {
				l.Counts[shuangbai.AppKinds[rng.IntN(len(shuangbai.AppKinds))].Kind] = rng.IntN(300)
			}
		}
		if n%5 != 0 {
			l.Items = []apiCase{}
			for range rng.IntN(6) {
				c := apiCase{BeneficiaryID: rng.Int64N(1 << 40), Name: str(), Region: str(), Village: str(),
					Benefit: shuangbai.AppKind(str()), Rule: str(), Reason: str(), Source: str()}
				if rng.IntN(2) == 0 {
					c.WorkerID, c.Worker = rng.Int64N(1<<30), str()
				}
				if rng.IntN(4) == 0 {
					c.Worker = ""
				}
				l.Items = append(l.Items, c)
			}
		}
		want, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.appendJSON(nil); string(got) != string(want) {
			t.Fatalf("appendJSON:\n got %s\nwant %s", got, want)
		}
	}
}

// BenchmarkAppendList: a county's answer of six benefits at 200 people
// each, written by hand and by encoding/json.
func BenchmarkAppendList(b *testing.B) {
	l := apiList{Date: shuangbai.NewDate(2025, 6, 30), Region: "440101", Counts: map[shuangbai.AppKind]int{}}
	for i := range 1200 {
		k := shuangbai.AppKinds[i%6].Kind
		l.Counts[k]++
		l.Items = append(l.Items, apiCase{BeneficiaryID: int64(100000 + i), Name: "陈某某", Region: "440101001001", Village: "某某村民委员会",
			WorkerID: 12345, Worker: "张社工", Benefit: k, Rule: "低保边缘家庭中的重度残疾人", Reason: "重度残疾（二级），属低保边缘家庭，尚未申请", Source: "粤民发〔2021〕15号"})
	}
	b.Run("by hand", func(b *testing.B) {
		for b.Loop() {
			l.appendJSON(make([]byte, 0, 256+512*len(l.Items)))
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			json.Marshal(l)
		}
	})
}

package gen

import (
	"math/rand/v2"
	"testing"

	"shuangbai"
)

// Over many files of every age and group, the applications drawn are of
// every kind and status, each one valid as of AsOf and allowed for its
// person.
func TestApplicationFor(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	kinds, statuses := map[shuangbai.AppKind]int{}, map[shuangbai.AppStatus]int{}
	groups := []shuangbai.Group{shuangbai.GroupElderly, shuangbai.GroupDisabled, shuangbai.GroupDibao, shuangbai.GroupLeftBehind}
	for i := range 5000 {
		x := &shuangbai.Beneficiary{ID: int64(i + 1), Region: "440101100001", Birth: AsOf.AddDays(-365*5 - (i*37)%31000),
			Groups: []shuangbai.Group{groups[i%len(groups)]}, FoundOn: AsOf.AddDays(-400 - rnd.IntN(1000))}
		a := applicationFor(rnd, x)
		if err := a.Validate(AsOf); err != nil {
			t.Fatalf("file %d: %+v: %v", i, a, err)
		}
		if err := a.Eligible(x); err != nil {
			t.Fatalf("file %d: %+v: %v", i, a, err)
		}
		if a.PreparedOn.Before(x.FoundOn) {
			t.Fatalf("file %d: prepared %s before the file was found (%s)", i, a.PreparedOn, x.FoundOn)
		}
		if (a.Amount > 0) != (a.Status == shuangbai.AppApproved && monthly[a.Kind] != [2]int{}) {
			t.Fatalf("file %d: amount %d for %s %s", i, a.Amount, a.Status, a.Kind)
		}
		kinds[a.Kind]++
		statuses[a.Status]++
	}
	for _, k := range shuangbai.AppKinds {
		if kinds[k.Kind] == 0 {
			t.Errorf("no application of kind %s", k.Name)
		}
	}
	for _, s := range []shuangbai.AppStatus{shuangbai.AppPreparing, shuangbai.AppSubmitted, shuangbai.AppApproved, shuangbai.AppRejected} {
		if statuses[s] == 0 {
			t.Errorf("no application %s", s.Label())
		}
	}
}

func TestWithApplication(t *testing.T) {
	for _, c := range [][2]int{{10, 1}, {10, 10}, {10, 0}, {1000, 100}, {7, 3}, {1, 1}} {
		n, apps, got := c[0], c[1], 0
		for i := range n {
			if withApplication(i, n, apps) {
				got++
			}
		}
		if got != apps {
			t.Errorf("%d of %d files: %d have one", apps, n, got)
		}
	}
}

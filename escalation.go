package shuangbai

import "fmt"

// Tier is who hears of a visit that is late (四级跟进上报): the responsible
// social worker first, then the station lead, the supervisor and the
// county, each once the visit is later than its grace period.
type Tier int

// The tiers, in the order they are told.
const (
	TierWorker Tier = iota
	TierLead
	TierSupervisor
	TierCounty
)

// Label names the tier in Chinese.
func (t Tier) Label() string {
	switch t {
	case TierWorker:
		return "责任社工"
	case TierLead:
		return "站长"
	case TierSupervisor:
		return "督导"
	case TierCounty:
		return "县级民政"
	}
	return fmt.Sprint(int(t))
}

// Grace is how many days past due a visit may be before the lead, the
// supervisor and the county are told.
type Grace struct {
	Lead       int `json:"lead"`
	Supervisor int `json:"supervisor"`
	County     int `json:"county"`
}

// Days returns the grace of tier t (the worker's is 0: she is told the
// day the visit falls due).
func (g Grace) Days(t Tier) int {
	switch t {
	case TierLead:
		return g.Lead
	case TierSupervisor:
		return g.Supervisor
	case TierCounty:
		return g.County
	}
	return 0
}

// Graces are the grace periods per follow-up level: a case seen twice a
// week is late sooner than one seen monthly.
type Graces map[Level4]Grace

// DefaultGraces: about a third of each level's interval before the lead
// hears, then the supervisor a few days later, then the county.
var DefaultGraces = Graces{
	1: {Lead: 1, Supervisor: 3, County: 7},
	2: {Lead: 2, Supervisor: 5, County: 10},
	3: {Lead: 3, Supervisor: 7, County: 14},
	4: {Lead: 5, Supervisor: 10, County: 20},
}

// For returns the grace of level l, the default where unset.
func (gs Graces) For(l Level4) Grace {
	if g, ok := gs[l]; ok {
		return g
	}
	return DefaultGraces[l]
}

// Validate refuses graces out of order or out of range, naming the field
// (grace<level>_<tier>).
func (gs Graces) Validate() error {
	fe := FieldErrors{}
	for l := Level4(1); l <= 4; l++ {
		g := gs.For(l)
		field := func(t string) string { return fmt.Sprintf("grace%d_%s", l, t) }
		switch {
		case g.Lead < 1 || g.Lead > 60:
			fe.Add(field("lead"), "站长的宽限天数应为 1 到 60 天")
		case g.Supervisor <= g.Lead || g.Supervisor > 90:
			fe.Add(field("supervisor"), "督导的宽限天数应大于站长的，且不超过 90 天")
		case g.County <= g.Supervisor || g.County > 120:
			fe.Add(field("county"), "县级的宽限天数应大于督导的，且不超过 120 天")
		}
	}
	return fe.Err()
}

// Told is when a tier was told of a late visit: the day after its grace
// ran out. It is computed from the visit's due day, never stored, so no
// missed nightly job can leave someone untold.
type Told struct {
	Tier Tier
	On   Date
}

// Escalate returns the tiers told of a visit due on due, by today, with
// the day each was told, in order. A visit not yet late tells no one.
func (g Grace) Escalate(due, today Date) []Told {
	if due.IsZero() || !due.Before(today) {
		return nil
	}
	var out []Told
	for t := TierWorker; t <= TierCounty; t++ {
		on := due.AddDays(g.Days(t) + 1)
		if t == TierWorker {
			on = due.AddDays(1)
		}
		if on.After(today) {
			break
		}
		out = append(out, Told{Tier: t, On: on})
	}
	return out
}

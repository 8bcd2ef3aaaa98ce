package offline

import (
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// bundleJSON is all the phone is given: the worker's own open cases with
// what a visit needs, and the key material its storage is sealed with.
type bundleJSON struct {
	Worker      string     `json:"worker"`
	UserID      int64      `json:"user_id"`
	Today       string     `json:"today"`
	GeneratedAt time.Time  `json:"generated_at"`
	IdleSeconds int        `json:"idle_seconds"` // the phone forgets the cases after this long unused
	Key         string     `json:"key"`          // see store.OfflineKey
	Kinds       []kindJSON `json:"kinds"`
	Services    []string   `json:"services"`
	Cases       []caseJSON `json:"cases"`
}

type kindJSON struct {
	Kind  string `json:"kind"`
	Label string `json:"label"`
}

// caseJSON is one case on the phone. Numbers are masked as on every
// screen; there is no birth date, only the age.
type caseJSON struct {
	ID         int64          `json:"id"`
	Name       string         `json:"name"`
	Village    string         `json:"village"`
	Age        int            `json:"age"`
	IDMasked   string         `json:"id_masked"`
	PhoneMask  string         `json:"phone_masked"`
	Address    string         `json:"address"`
	Disability string         `json:"disability"`
	Level      int            `json:"level"`
	LevelLabel string         `json:"level_label"`
	LastVisit  *string        `json:"last_visit"`
	NextDue    *string        `json:"next_due"`
	FoundOn    *string        `json:"found_on"`
	Visits     []visitSummary `json:"visits"`
}

type visitSummary struct {
	On       string   `json:"on"`
	Kind     string   `json:"kind"`
	Services []string `json:"services"`
	Findings string   `json:"findings"`
}

// maxFindings is how much of a recent visit's notes the phone keeps:
// enough to recall it at the door. Older visits keep a line (olderFindings):
// with the full 160 characters on all ten, 60 cases came to 350 KB before
// compression, over the 300 KB; the last three carry what the
// worker reads before she knocks.
const (
	maxFindings   = 160
	olderFindings = 40
	recentVisits  = 3
)

// Bundle answers GET /offline/api/bundle. Each case sent is logged as a
// view of the file, like any page that shows it.
func (h *Handlers) Bundle(w http.ResponseWriter, r *http.Request) error {
	u, err := offlineUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	cases, err := h.db.OfflineCases(ctx, u)
	if err != nil {
		return err
	}
	key, err := h.db.OfflineKey(u)
	if err != nil {
		return err
	}
	today := h.ui.Today()
	codes := make([]string, 0, len(cases))
	targets := make([]store.AccessTarget, 0, len(cases))
	for _, c := range cases {
		codes = append(codes, c.Beneficiary.Region)
		targets = append(targets, store.AccessTarget{BeneficiaryID: c.Beneficiary.ID, Region: c.Beneficiary.Region})
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return err
	}
	if len(targets) > 0 {
		if err := h.db.LogAccessMany(ctx, u, store.AccessView, targets, "", "离线包"); err != nil {
			return err
		}
	}
	out := bundleJSON{Worker: u.Name, UserID: u.ID, Today: today.String(), GeneratedAt: h.ui.Now(), Key: key,
		IdleSeconds: int(h.db.SessionIdle / time.Second), Services: shuangbai.Services, Cases: []caseJSON{}}
	for _, k := range shuangbai.VisitKinds {
		out.Kinds = append(out.Kinds, kindJSON{string(k.Kind), k.Name})
	}
	for _, c := range cases {
		b := c.Beneficiary
		cj := caseJSON{ID: b.ID, Name: b.Name, Village: names[b.Region], Age: b.Age(today), IDMasked: shuangbai.MaskIDNumber(b.IDNumber),
			PhoneMask: shuangbai.MaskPhone(b.Phone), Address: b.Address, Disability: b.Disability, Level: int(b.Level), LevelLabel: b.Level.Label(),
			LastVisit: ui.DateJSON(b.LastVisit), NextDue: ui.DateJSON(b.NextDue), FoundOn: ui.DateJSON(b.FoundOn), Visits: []visitSummary{}}
		for i, v := range c.Visits { // newest first
			n := maxFindings
			if i >= recentVisits {
				n = olderFindings
			}
			cj.Visits = append(cj.Visits, visitSummary{On: v.On.String(), Kind: v.Kind.Label(), Services: v.Services, Findings: clip(v.Findings, n)})
		}
		out.Cases = append(out.Cases, cj)
	}
	// Gzipped: names and notes in Chinese shrink to a fifth, which is
	// what a 400 kbit/s village link needs.
	if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.ui.WriteJSON(w, r, http.StatusOK, out)
		return nil
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Vary", "Accept-Encoding")
	zw := gzip.NewWriter(w)
	zw.Write(b)
	return zw.Close()
}

// clip cuts s to n characters, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

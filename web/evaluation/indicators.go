package evaluation

import (
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// setRows is how many indicator rows the set form offers.
const setRows = 10

// setsPage is the data of evaluation/sets.html: the sets and the form of
// a new one.
type setsPage struct {
	Sets      []shuangbai.IndicatorSet
	CanDefine bool
	Form      ui.Form
	Rows      []setRow
	Computed  []shuangbai.Completeness
	Region    string
}

type setRow struct {
	N      int
	Prefix string
}

// SetList lists the indicator sets visible to the user, with the form of a
// new set for a city admin.
func (h *Handlers) SetList(w http.ResponseWriter, r *http.Request) error {
	return h.renderSets(w, r, http.StatusOK, ui.NewForm(nil, nil))
}

func (h *Handlers) renderSets(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	sets, err := h.db.IndicatorSets(r.Context(), u.Scope())
	if err != nil {
		return err
	}
	p := setsPage{Sets: sets, CanDefine: u.CanDefineIndicators(), Form: f, Computed: shuangbai.Completenesses, Region: u.Region}
	for i := range setRows {
		p.Rows = append(p.Rows, setRow{N: i + 1, Prefix: shuangbai.IndicatorPrefix(i)})
	}
	return h.ui.Render(w, r, status, "evaluation/sets.html", p)
}

// ParseIndicatorSet reads a set from a form: name, region, and rows
// ind1_name, ind1_category, ind1_weight, ind1_max, ind1_computed … A row
// with no name, weight or maximum is no indicator.
func ParseIndicatorSet(v url.Values) (*shuangbai.IndicatorSet, error) {
	fe := shuangbai.FieldErrors{}
	s := &shuangbai.IndicatorSet{Name: v.Get("name"), Region: ui.Trimmed(v, "region")}
	n := 0
	for i := 0; i < 30; i++ {
		p := shuangbai.IndicatorPrefix(i)
		name, weight, max := ui.Trimmed(v, p+"name"), ui.Trimmed(v, p+"weight"), ui.Trimmed(v, p+"max")
		if name == "" && weight == "" && max == "" {
			continue
		}
		// Later rows move up over empty ones, in v too, so a message about
		// the n-th indicator shows beside the n-th row shown again.
		q := shuangbai.IndicatorPrefix(n)
		n++
		category, computed := v.Get(p+"category"), v.Get(p+"computed")
		for _, f := range []string{"name", "category", "weight", "max", "computed"} {
			v.Del(p + f)
		}
		v.Set(q+"name", name)
		v.Set(q+"category", category)
		v.Set(q+"weight", weight)
		v.Set(q+"max", max)
		v.Set(q+"computed", computed)
		x := shuangbai.Indicator{Name: name, Category: category, Computed: shuangbai.Completeness(computed)}
		w, err := strconv.Atoi(weight)
		if err != nil {
			fe.Add(q+"weight", "权重应为 1 到 100 的整数（百分比）")
		}
		x.Weight = w
		m, err := shuangbai.ParseScore(max)
		if err != nil {
			fe.Add(q+"max", "满分应为 0 到 100 之间的数字，最多两位小数")
		}
		x.Max = m
		s.Indicators = append(s.Indicators, x)
	}
	return s, ui.Validated(fe, s.Validate)
}

// SetCreate stores a new set.
func (h *Handlers) SetCreate(w http.ResponseWriter, r *http.Request) error {
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	s, err := ParseIndicatorSet(v)
	if err == nil {
		err = h.db.CreateIndicatorSet(r.Context(), ui.User(r), s)
	}
	if ui.FieldErrors(err) != nil {
		return h.renderSets(w, r, ui.Status(err), ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已保存指标体系")
	http.Redirect(w, r, "/indicator-sets", http.StatusSeeOther)
	return nil
}

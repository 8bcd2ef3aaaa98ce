package network

import (
	"net/http"
	"shuangbai/web/ui"

	"shuangbai"
)

// regionJSON is a region as the API shows it.
type regionJSON struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	Parent     string  `json:"parent"`
	Level      int     `json:"level"`
	LevelLabel string  `json:"level_label"`
	Kind       string  `json:"kind"`
	KindLabel  string  `json:"kind_label"`
	ValidFrom  *string `json:"valid_from"`
	ValidTo    *string `json:"valid_to"`
}

func toRegionJSON(r shuangbai.Region) regionJSON {
	return regionJSON{Code: r.Code, Name: r.Name, Parent: r.Parent, Level: int(r.Level()), LevelLabel: r.Level().String(),
		Kind: string(r.Kind()), KindLabel: r.Kind().Label(), ValidFrom: ui.DateJSON(r.ValidFrom), ValidTo: ui.DateJSON(r.ValidTo)}
}

// APIRegionShow returns one region: one inside the user's scope, or one of
// its ancestors.
func (h *Handlers) APIRegionShow(w http.ResponseWriter, r *http.Request) error {
	reg, err := h.db.Region(r.Context(), ui.Scope(r), r.PathValue("code"), shuangbai.Date{})
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, toRegionJSON(reg))
	return nil
}

// APIRegionChildren returns the regions directly under a region, inside the
// user's scope.
func (h *Handlers) APIRegionChildren(w http.ResponseWriter, r *http.Request) error {
	ctx, scope, code := r.Context(), ui.Scope(r), r.PathValue("code")
	if _, err := h.db.Region(ctx, scope, code, shuangbai.Date{}); err != nil {
		return err
	}
	list, err := h.db.Children(ctx, scope, code, shuangbai.Date{})
	if err != nil {
		return err
	}
	out := ui.List[regionJSON]{Items: []regionJSON{}, Total: len(list)}
	for _, reg := range list {
		out.Items = append(out.Items, toRegionJSON(reg))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

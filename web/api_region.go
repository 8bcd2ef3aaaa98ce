package web

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

// apiRegionShow returns one region: one inside the user's scope, or one of
// its ancestors.
func (s *Server) apiRegionShow(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.db.Region(r.Context(), ui.User(r).Scope(), r.PathValue("code"), shuangbai.Date{})
	if err != nil {
		return err
	}
	s.ui.WriteJSON(w, r, http.StatusOK, toRegionJSON(reg))
	return nil
}

// apiRegionChildren returns the regions directly under a region, inside the
// user's scope.
func (s *Server) apiRegionChildren(w http.ResponseWriter, r *http.Request) error {
	ctx, scope, code := r.Context(), ui.User(r).Scope(), r.PathValue("code")
	if _, err := s.db.Region(ctx, scope, code, shuangbai.Date{}); err != nil {
		return err
	}
	list, err := s.db.Children(ctx, scope, code, shuangbai.Date{})
	if err != nil {
		return err
	}
	out := ui.List[regionJSON]{Items: []regionJSON{}, Total: len(list)}
	for _, reg := range list {
		out.Items = append(out.Items, toRegionJSON(reg))
	}
	s.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

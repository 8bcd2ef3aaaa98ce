package store

import (
	"shuangbai"
)

// siteColumns are the columns stations and points share, in the order
// siteDest and siteArgs use.
const siteColumns = "name, status, built_on, office, office_address, office_since, equipment, lat, lng, phone"

func siteDest(s *shuangbai.Site) []any {
	return []any{&s.Name, (*string)(&s.Status), &s.BuiltOn, &s.Office, &s.OfficeAddress, &s.OfficeSince, (*uint8)(&s.Equipment), &s.Lat, &s.Lng, &s.Phone}
}

func siteArgs(s *shuangbai.Site) []any {
	return []any{s.Name, string(s.Status), s.BuiltOn, s.Office, s.OfficeAddress, s.OfficeSince, int(s.Equipment), s.Lat, s.Lng, s.Phone}
}

// siteFilter adds the conditions of f on the table aliased t.
func siteFilter(w *where, t string, scope shuangbai.Scope, f shuangbai.SiteFilter) {
	w.scope(t+".region", scope)
	if f.Region != "" {
		w.scope(t+".region", shuangbai.Scope{Code: f.Region})
	}
	if f.Status != "" {
		w.add(t+".status = ?", string(f.Status))
	}
	if f.Query != "" {
		w.add(t+".name LIKE ? ESCAPE '\\'", "%"+likeEscape(f.Query)+"%")
	}
}

package ui

import (
	"context"
	"strings"

	"shuangbai"
)

// RegionOption is one choice in a region <select>.
type RegionOption struct {
	Code  string
	Name  string
	Taken bool // already has its station or point: shown, not selectable
}

// RegionGroup is an <optgroup>: the regions under one parent.
type RegionGroup struct {
	Code    string // the parent's code
	Name    string
	Options []RegionOption
}

// Choice is a <select> of grouped options and the code selected, for the
// "region-options" partial; templates make one with the choice function.
type Choice struct {
	Groups   []RegionGroup
	Selected string
}

// RegionGroups returns the regions at level inside scope that keep accepts
// (nil: all), grouped under their parents, for a <select>.
func (u *UI) RegionGroups(ctx context.Context, scope shuangbai.Scope, level shuangbai.Level, taken map[string]bool, keep func(shuangbai.Region) bool) ([]RegionGroup, error) {
	regions, err := u.db.RegionsAt(ctx, scope, level, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	var parents []string
	for _, r := range regions {
		parents = append(parents, r.Parent)
	}
	names, err := u.db.RegionNames(ctx, parents)
	if err != nil {
		return nil, err
	}
	var out []RegionGroup
	for _, r := range regions {
		if keep != nil && !keep(r) {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Code != r.Parent {
			out = append(out, RegionGroup{Code: r.Parent, Name: names[r.Parent]})
		}
		g := &out[len(out)-1]
		g.Options = append(g.Options, RegionOption{Code: r.Code, Name: r.Name, Taken: taken[r.Code]})
	}
	return out, nil
}

// RegionFilter returns the choices of a list's region filter: each county
// in scope, then its towns.
func (u *UI) RegionFilter(ctx context.Context, scope shuangbai.Scope, countySuffix string) ([]RegionGroup, error) {
	groups, err := u.RegionGroups(ctx, scope, shuangbai.LevelTown, nil, nil)
	if err != nil {
		return nil, err
	}
	counties, err := u.db.RegionsAt(ctx, scope, shuangbai.LevelCounty, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	byCode := map[string]shuangbai.Region{}
	for _, c := range counties {
		byCode[c.Code] = c
	}
	for i, g := range groups {
		if c, ok := byCode[g.Code]; ok {
			groups[i].Options = append([]RegionOption{{Code: c.Code, Name: c.Name + countySuffix}}, g.Options...)
		}
	}
	return groups, nil
}

// RegionAncestors returns code and the codes above it, up to the county.
func RegionAncestors(code string) []string {
	var out []string
	for c := code; c != "" && shuangbai.LevelOf(c) >= shuangbai.LevelCounty; c = shuangbai.ParentCode(c) {
		out = append(out, c)
	}
	return out
}

// RegionPath joins the names from the county down to code.
func RegionPath(names map[string]string, code string) string {
	up := RegionAncestors(code)
	if len(up) == 0 {
		return names[code]
	}
	parts := make([]string, len(up))
	for i, c := range up {
		parts[len(up)-1-i] = names[c]
	}
	return strings.Join(parts, " / ")
}

// RegionPaths returns RegionPath of each of codes, looking every name up in
// one query: the region column of a list of accounts, entries or people.
func (u *UI) RegionPaths(ctx context.Context, codes []string) (map[string]string, error) {
	var all []string
	for _, c := range codes {
		all = append(all, c) // a city has no ancestors from the county down
		all = append(all, RegionAncestors(c)...)
	}
	names, err := u.db.RegionNames(ctx, all)
	if err != nil {
		return nil, err
	}
	paths := make(map[string]string, len(codes))
	for _, c := range codes {
		paths[c] = RegionPath(names, c)
	}
	return paths, nil
}

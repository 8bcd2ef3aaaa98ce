package ui

import (
	"context"

	"shuangbai"
)

// PersonView is a member of staff with the names of their region: the
// staff pages show them so, and case work offers them so as the worker
// responsible for a case.
type PersonView struct {
	shuangbai.Person
	RegionPath string // 云城区 / 河口街道
}

// PersonViews labels people with their region's path.
func (u *UI) PersonViews(ctx context.Context, list []shuangbai.Person) ([]PersonView, error) {
	var codes []string
	for _, p := range list {
		codes = append(codes, p.Region)
		codes = append(codes, RegionAncestors(p.Region)...)
	}
	names, err := u.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make([]PersonView, len(list))
	for i, p := range list {
		out[i] = PersonView{Person: p, RegionPath: RegionPath(names, p.Region)}
	}
	return out, nil
}

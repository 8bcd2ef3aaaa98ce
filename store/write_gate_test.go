package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestWriteGateGroups: the writers that queue while a group runs make the
// next groups in line order, the access log's batches first, at most
// maxGroup to a group; a writer that runs alone is a group of its own; a
// writer that leaves the line is in none; the gate is free once no one
// waits.
func TestWriteGateGroups(t *testing.T) {
	type in struct {
		name         string
		first, alone bool
	}
	w := func(name string) in { return in{name: name} }
	many := func(n int) []in {
		var s []in
		for i := range n {
			s = append(s, w(fmt.Sprint("w", i)))
		}
		return s
	}
	join := func(ss ...[]in) []in { return append(append([]in(nil), ss[0]...), ss[1]...) }
	names := func(prefix string, from, to int) string {
		var s []string
		for i := from; i < to; i++ {
			s = append(s, fmt.Sprint(prefix, i))
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct {
		name  string
		queue []in
		leave string // this one leaves the line before the groups are taken
		want  []string
	}{
		{"one group, in order", []in{w("a"), w("b"), w("c")}, "", []string{"a b c"}},
		{"batches first", []in{w("a"), {name: "B1", first: true}, w("b"), {name: "B2", first: true}}, "", []string{"B1 B2 a b"}},
		{"alone splits", []in{w("a"), {name: "IMPORT", alone: true}, w("b")}, "", []string{"a", "IMPORT", "b"}},
		{"alone first", []in{{name: "IMPORT", alone: true}, w("a")}, "", []string{"IMPORT", "a"}},
		{"bounded", many(maxGroup + 3), "", []string{names("w", 0, maxGroup), names("w", maxGroup, maxGroup+3)}},
		{"one left", []in{w("a"), w("gone"), w("b")}, "gone", []string{"a b"}},
		{"bounded after batches", join([]in{{name: "B", first: true}}, many(maxGroup)), "", []string{"B " + names("w", 0, maxGroup-1), fmt.Sprint("w", maxGroup-1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var g writeGate
			if !g.join(&writer{}, false) {
				t.Fatal("the first writer at a free gate does not lead")
			}
			byName := map[*writer]string{}
			var gone *writer
			for _, q := range tc.queue {
				x := &writer{ctx: context.Background(), alone: q.alone}
				byName[x] = q.name
				if g.join(x, q.first) {
					t.Fatalf("%s leads while a group runs", q.name)
				}
				if q.name == tc.leave {
					gone = x
				}
			}
			if gone != nil && !g.leave(gone) {
				t.Fatal("a waiting writer could not leave the line")
			}
			var got []string
			for {
				grp := g.next()
				if len(grp) == 0 {
					break
				}
				var s []string
				for _, x := range grp {
					s = append(s, byName[x])
				}
				got = append(got, strings.Join(s, " "))
			}
			if strings.Join(got, " | ") != strings.Join(tc.want, " | ") {
				t.Errorf("groups %q, want %q", got, tc.want)
			}
			if g.busy {
				t.Error("the gate is still taken after the line emptied")
			}
			if gone != nil && g.leave(gone) {
				t.Error("a writer left the line twice")
			}
		})
	}
}

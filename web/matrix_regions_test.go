package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// ancestorsChildren checks what an account reads of the regions above its
// home: it may read them (its page's breadcrumbs name them), but of their
// children only those inside its home (the store lists none above it). The other counties of the
// city are outside it, and their names — the region records' only content,
// so no fixture secret — must not be listed.
func (f *matrixFixture) ancestorsChildren(t *testing.T) {
	for _, r := range matrixRoles {
		for _, n := range []int{2, 4, 6, 9} {
			if n >= len(r.region) {
				break
			}
			c := call{method: http.MethodGet, path: "/api/v1/regions/" + r.region[:n] + "/children", api: true}
			res := f.do(t, r.user, c)
			if res.Code != http.StatusOK {
				t.Errorf("%s GET %s: status %d, want 200 (a region above its home); body %.300s", r.user, c.path, res.Code, res.Body)
				continue
			}
			var list struct {
				Items []struct{ Code, Name string }
			}
			if err := json.Unmarshal(res.Body.Bytes(), &list); err != nil {
				t.Fatalf("%s GET %s: %v", r.user, c.path, err)
			}
			for _, k := range list.Items {
				if !strings.HasPrefix(r.region, k.Code) && !strings.HasPrefix(k.Code, r.region) {
					t.Errorf("%s GET %s lists %s %s, outside %s", r.user, c.path, k.Code, k.Name, r.region)
				}
			}
		}
	}
}

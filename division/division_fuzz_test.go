package division

import (
	"strings"
	"testing"
	"unicode/utf8"

	"shuangbai"
)

// FuzzRead: no region file makes the reader panic; what it accepts is a
// list of regions with valid codes of the file's level under their stated
// parents, and names that are valid UTF-8.
func FuzzRead(f *testing.F) {
	files := []string{"provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv"}
	f.Add(uint8(3), "code,name,areaCode,provinceCode,cityCode\n445302003,\"河口街道\",445302,44,4453\n")
	f.Add(uint8(4), "code,name,streetCode,provinceCode,cityCode,areaCode\n445302003208,\"双上村民委员会\",445302003,44,4453,445302\n")
	f.Add(uint8(0), "\ufeffcode,name\n44,广东省\n")
	f.Add(uint8(2), "code,name,cityCode\n445302,\"a,4453\n")
	f.Add(uint8(2), "code,name,cityCode\n４４５３０２,a,4453\n")
	f.Add(uint8(1), "code,name,provinceCode\n4453,\xff\xfe,44\n")
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		name := files[int(which)%len(files)]
		rs, err := Read(name, strings.NewReader(body))
		if err != nil {
			if !strings.HasPrefix(err.Error(), name) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, r := range rs {
			if shuangbai.LevelOf(r.Code) == shuangbai.LevelUnknown || !utf8.ValidString(r.Name) || strings.TrimSpace(r.Name) == "" {
				t.Fatalf("accepted %+v from %s", r, name)
			}
		}
	})
}

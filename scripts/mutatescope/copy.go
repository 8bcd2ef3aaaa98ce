package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// The copy of the module the mutants run in, and the schemata written into it.

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside a Go module")
	}
	return filepath.Dir(gomod), nil
}

// copyModule copies the module's files as they are in the working tree,
// edits not yet committed included: those git knows of or would add, else
// every file but .git and node_modules.
func copyModule(from, to string) error {
	var files []string
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = from
	if out, err := cmd.Output(); err == nil {
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" {
				files = append(files, filepath.FromSlash(f))
			}
		}
	} else {
		err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() {
				rel, _ := filepath.Rel(from, p)
				files = append(files, rel)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, rel := range files {
		src, err := os.Open(filepath.Join(from, rel))
		if os.IsNotExist(err) {
			continue // deleted in the working tree, not yet in the index
		}
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(to, rel)), 0o755); err != nil {
			src.Close()
			return err
		}
		dst, err := os.Create(filepath.Join(to, rel))
		if err == nil {
			_, err = io.Copy(dst, src)
			if cerr := dst.Close(); err == nil {
				err = cerr
			}
		}
		src.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// writeSchemata rewrites the package's files with every condition wrapped
// in a switch on SHUANGBAI_MUTANT, and adds the switches.
func writeSchemata(mod, dir, modPath string, conds []condition) error {
	byFile := map[string][]edit{}
	for _, c := range conds {
		byFile[c.file] = append(byFile[c.file], c.edits...)
	}
	for file, edits := range byFile {
		path := filepath.Join(mod, file)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// Insert from the end, so earlier offsets stay valid. At one offset
		// a closing parenthesis goes before an opening call.
		sort.SliceStable(edits, func(i, j int) bool {
			if edits[i].pos != edits[j].pos {
				return edits[i].pos > edits[j].pos
			}
			return edits[i].text != ")" && edits[j].text == ")"
		})
		for _, e := range edits {
			src = append(src[:e.pos], append([]byte(e.text), src[e.pos:]...)...)
		}
		if err := os.WriteFile(path, src, 0o644); err != nil {
			return err
		}
	}
	pkgName := "store"
	if files, _ := filepath.Glob(filepath.Join(mod, dir, "*.go")); len(files) > 0 {
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			if af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly); err == nil {
				pkgName = af.Name.Name
				break
			}
		}
	}
	helper := `package ` + pkgName + `

// Written by scripts/mutatescope in its temporary copy of the module.

import (
	"os"
	"strconv"

	scopemut "` + modPath + `"
)

var zzMutant, _ = strconv.Atoi(os.Getenv("` + mutantEnv + `"))

// zzMutScope takes condition id away: its scope allows everything.
func zzMutScope(id int, s scopemut.Scope) scopemut.Scope {
	if id == zzMutant {
		s.All = true
	}
	return s
}

// zzMutBool takes condition id away: its check passes.
func zzMutBool(id int, b bool) bool { return b || id == zzMutant }
`
	return os.WriteFile(filepath.Join(mod, dir, "zz_mutatescope.go"), []byte(helper), 0o644)
}

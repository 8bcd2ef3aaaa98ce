package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

type listedPkg struct {
	ImportPath string
	Dir        string
	Export     string
	GoFiles    []string
	Module     *struct{ Path string }
}

// findConditions type-checks the package in dir and returns its scope
// conditions, in file and line order, and the module path.
func findConditions(ctx context.Context, mod, dir string) ([]condition, string, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-deps", "-export", "-json=ImportPath,Dir,Export,GoFiles,Module", "./"+dir)
	cmd.Dir = mod
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, "", fmt.Errorf("go list: %w", err)
	}
	exports := map[string]string{}
	var target listedPkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p listedPkg
		if err := dec.Decode(&p); err != nil {
			return nil, "", err
		}
		exports[p.ImportPath] = p.Export
		target = p // the package itself comes last
	}
	if target.Module == nil {
		return nil, "", fmt.Errorf("%s: no module", dir)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	srcs := map[*ast.File][]byte{}
	for _, name := range target.GoFiles {
		path := filepath.Join(target.Dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, "", err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			return nil, "", err
		}
		files = append(files, f)
		srcs[f] = src
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		e := exports[path]
		if e == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(e)
	})
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: imp}).Check(target.ImportPath, fset, files, info)
	if err != nil {
		return nil, "", fmt.Errorf("type-check %s: %w", dir, err)
	}
	modPath := target.Module.Path
	isScope := func(t types.Type) bool {
		n, ok := types.Unalias(t).(*types.Named)
		return ok && n.Obj().Name() == "Scope" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == modPath
	}
	isWhere := func(t types.Type) bool {
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		return ok && n.Obj().Name() == "where" && n.Obj().Pkg() == pkg
	}
	// Functions that only pass a scope on: their own calls are not
	// conditions, their callers' are.
	wrappers := map[string]bool{"inScope": true, "inScopeCond": true, "scopeArgs": true, "where.scope": true}
	// The package's own bool helpers over a scope, such as visible.
	boolHelper := func(obj types.Object) bool {
		f, ok := obj.(*types.Func)
		if !ok || f.Pkg() != pkg {
			return false
		}
		sig := f.Type().(*types.Signature)
		if sig.Recv() != nil || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Typ[types.Bool]) {
			return false
		}
		for i := 0; i < sig.Params().Len(); i++ {
			if isScope(sig.Params().At(i).Type()) {
				return true
			}
		}
		return false
	}

	var conds []condition
	for _, f := range files {
		src := srcs[f]
		file := fset.File(f.Pos())
		rel, _ := filepath.Rel(mod, file.Name())
		text := func(n ast.Node) string { return string(src[file.Offset(n.Pos()):file.Offset(n.End())]) }
		off := func(p token.Pos) int { return file.Offset(p) }
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				if isWhere(info.TypeOf(fd.Recv.List[0].Type)) {
					fn = "where." + fn
				}
			}
			if wrappers[fn] {
				continue
			}
			add := func(n ast.Node, edits ...edit) {
				conds = append(conds, condition{file: rel, line: fset.Position(n.Pos()).Line, fn: fn, code: oneLine(text(n)), edits: edits})
			}
			wrapScope := func(arg ast.Expr) []edit {
				return []edit{{off(arg.Pos()), "zzMutScope(ID, "}, {off(arg.End()), ")"}}
			}
			wrapBool := func(call ast.Expr) []edit {
				return []edit{{off(call.Pos()), "zzMutBool(ID, "}, {off(call.End()), ")"}}
			}
			// stmtOf finds the innermost statement holding a node, for
			// pairing inScopeCond with its scopeArgs.
			var stack []ast.Node
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if n == nil {
					stack = stack[:len(stack)-1]
					return true
				}
				stack = append(stack, n)
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				switch fun := call.Fun.(type) {
				case *ast.SelectorExpr:
					recv := info.TypeOf(fun.X)
					switch {
					case fun.Sel.Name == "scope" && len(call.Args) == 2 && recv != nil && isWhere(recv):
						add(call, wrapScope(call.Args[1])...)
					case (fun.Sel.Name == "Contains" || fun.Sel.Name == "Within") && recv != nil && isScope(recv):
						add(call, wrapBool(call)...)
					}
				case *ast.Ident:
					obj := info.Uses[fun]
					if obj == nil || obj.Pkg() != pkg {
						break
					}
					switch {
					case fun.Name == "inScope" && len(call.Args) == 2:
						add(call, wrapScope(call.Args[1])...)
					case fun.Name == "inScopeCond" && len(call.Args) == 2:
						edits := wrapScope(call.Args[1])
						arg := text(call.Args[1])
						var stmt ast.Node
						for i := len(stack) - 1; i >= 0; i-- {
							if _, ok := stack[i].(ast.Stmt); ok {
								stmt = stack[i]
								break
							}
						}
						paired := false
						ast.Inspect(stmt, func(m ast.Node) bool {
							if c, ok := m.(*ast.CallExpr); ok {
								if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "scopeArgs" && len(c.Args) == 1 && text(c.Args[0]) == arg {
									edits = append(edits, wrapScope(c.Args[0])...)
									paired = true
								}
							}
							return true
						})
						if !paired {
							fmt.Fprintf(os.Stderr, "warning: %s:%d: inScopeCond without a scopeArgs(%s) in the same statement\n", rel, fset.Position(call.Pos()).Line, arg)
						}
						add(call, edits...)
					case boolHelper(obj):
						add(call, wrapBool(call)...)
					}
				}
				return true
			})
		}
	}
	sort.SliceStable(conds, func(i, j int) bool {
		if conds[i].file != conds[j].file {
			return conds[i].file < conds[j].file
		}
		return conds[i].line < conds[j].line
	})
	for i := range conds {
		conds[i].id = i + 1
		for k := range conds[i].edits {
			conds[i].edits[k].text = strings.Replace(conds[i].edits[k].text, "ID", strconv.Itoa(i+1), 1)
		}
	}
	return conds, modPath, nil
}

var spaces = regexp.MustCompile(`\s+`)

func oneLine(s string) string { return spaces.ReplaceAllString(s, " ") }

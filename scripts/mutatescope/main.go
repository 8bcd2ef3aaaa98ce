// Command mutatescope checks that the store's tests notice when any one of
// its scope conditions is taken away. It is not part of the normal test
// suite (nothing runs it but you); run it from anywhere in the module:
//
//	scripts/mutate-scope              # or: go run ./scripts/mutatescope
//	scripts/mutate-scope -list        # only list the conditions it finds
//	scripts/mutate-scope -run TestScope  # only the scope tests, to see they suffice
//	scripts/mutate-scope -v           # print the test output of survivors
//	scripts/mutate-scope -tests matrix   # the access matrix (web's TestAccessMatrix) instead
//	scripts/mutate-scope -tests both     # the store tests and the matrix, each on its own
//	scripts/mutate-scope -only 'Create'  # only the conditions whose line matches
//
// With the store tests it takes under a minute on two cores: one compile,
// then one run of the store tests (SQLite, -count=1, 2 minutes' timeout)
// per condition, two at a time (-j). The matrix (-tests matrix) is one test
// of package web, ./web -run '^TestAccessMatrix$', run with
// SHUANGBAI_MATRIX_FAILFAST=1 so that it stops at its first failure: a
// caught mutant costs the fixture and the checks up to the one that fails,
// a survivor the whole matrix (half a minute on an idle machine).
//
// A scope condition is any place in the store's non-test code that keeps a
// read or write to the part of the region tree a shuangbai.Scope allows.
// The tool finds them by pattern in the type-checked package, in whatever
// file they live (no file names or line numbers are written down here):
//
//   - w.scope(col, S) on a where;
//   - inScope(col, S), outside the helpers that only pass it on (where.scope,
//     inScopeCond, scopeArgs);
//   - inScopeCond(col, S), together with the scopeArgs(S) of the same
//     statement, which carries its arguments;
//   - S.Contains(code) and S.Within(t) on a shuangbai.Scope;
//   - calls of the store's own func(…, shuangbai.Scope, …) bool helpers,
//     such as visible.
//
// The mutation takes one condition away, mechanically and without changing
// anything else: the scope S a condition is built from becomes S with All
// set, so that inScope answers "1 = 1" with no arguments (the SQL and its
// arguments stay in step, the query still runs); a boolean check answers
// true. A surviving mutant is then a scope condition no test depends on.
//
// It works on a copy of the module in a temporary folder, never on your
// files, and removes the copy when it ends or is interrupted (-keep keeps
// it). In the copy it wraps every condition at once in a switch on
// SHUANGBAI_MUTANT (mutant schemata: zzMutScope(n, S), zzMutBool(n, check)),
// so one compile of each test binary of ./store/... serves every mutant. It
// runs the tests once with no mutant (they must pass), then once with each
// condition taken away, and prints one line per condition: file:line, the
// function, and CAUGHT (by the first test that failed, and for the matrix
// its first message) or SURVIVED, for each suite of tests. It exits 1 when
// a condition survived a suite and is not listed in equivalent below (or,
// for the matrix, in routeEquivalent: no request tells it, the store's
// tests catch it), 2 when it could not run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"syscall"
	"time"
)

const mutantEnv = "SHUANGBAI_MUTANT"

var (
	listOnly = flag.Bool("list", false, "only list the scope conditions")
	verbose  = flag.Bool("v", false, "print the test output of each survivor")
	jobs     = flag.Int("j", 2, "mutants to test at once")
	timeout  = flag.Duration("timeout", 0, "timeout of one test run (default 2m for the store tests, 10m for the matrix)")
	runFlag  = flag.String("run", "", "run only the store tests matching this pattern (go test -run)")
	testsFlg = flag.String("tests", "store", "the tests a mutant must fail: store (./store/...), matrix (./web's TestAccessMatrix) or both")
	onlyFlag = flag.String("only", "", "test only the conditions whose listed line (file:line function code) matches this regexp")
	keep     = flag.Bool("keep", false, "keep the temporary copy of the module")
	pkgDir   = flag.String("pkg", "store", "the package, relative to the module root, whose conditions to mutate")
	progress = flag.Bool("progress", false, "print each mutant's result to stderr as it ends")
)

type condition struct {
	id    int
	file  string // relative to the module root
	line  int
	fn    string
	code  string
	edits []edit
}

type edit struct {
	pos  int // byte offset in the file
	text string
}

func main() {
	flag.Parse()
	start := time.Now()
	root, err := moduleRoot()
	if err != nil {
		fatal(err)
	}
	tmp, err := os.MkdirTemp("", "mutate-scope-")
	if err != nil {
		fatal(err)
	}
	cleanup := func() {
		if *keep {
			fmt.Fprintln(os.Stderr, "kept", tmp)
			return
		}
		os.RemoveAll(tmp)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run(ctx, root, tmp)
	cleanup()
	if ctx.Err() != nil {
		fmt.Fprintln(os.Stderr, "interrupted")
		os.Exit(130)
	}
	fmt.Printf("took %s\n", time.Since(start).Round(time.Second))
	os.Exit(code)
}

func run(ctx context.Context, root, tmp string) int {
	mod := filepath.Join(tmp, "mod")
	if err := copyModule(root, mod); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	conds, modPath, err := findConditions(ctx, mod, *pkgDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if *onlyFlag != "" {
		re, err := regexp.Compile(*onlyFlag)
		if err != nil {
			fmt.Fprintln(os.Stderr, "-only:", err)
			return 2
		}
		conds = slices.DeleteFunc(conds, func(c condition) bool { return !re.MatchString(c.label()) })
	}
	if *listOnly {
		for _, c := range conds {
			fmt.Println(c.label())
		}
		fmt.Printf("%d scope conditions\n", len(conds))
		return 0
	}
	if err := writeSchemata(mod, *pkgDir, modPath, conds); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	suites, err := buildSuites(ctx, mod, tmp)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	for _, s := range suites {
		if out, failed, err := s.runTests(ctx, 0); err != nil || failed != "" {
			fmt.Fprintf(os.Stderr, "the %s tests fail with no mutant (%s, %v):\n%s\n", s.name, failed, err, out)
			return 2
		}
	}

	type result struct {
		caught string
		out    []byte
	}
	results := make([][]result, len(conds)) // per condition, per suite
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, *jobs))
	for i, c := range conds {
		results[i] = make([]result, len(suites))
		for k, s := range suites {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				if ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				out, failed, err := s.runTests(ctx, c.id)
				if err != nil && failed == "" {
					failed = "(" + err.Error() + ")"
				}
				results[i][k] = result{failed, out}
				if *progress {
					status := "SURVIVED"
					if failed != "" {
						status = "CAUGHT by " + failed
					}
					fmt.Fprintf(os.Stderr, "%s: %s %s in %s\n", s.name, c.label(), status, time.Since(t0).Round(time.Second))
				}
			}()
		}
	}
	wg.Wait()
	if ctx.Err() != nil {
		return 130
	}
	survived := make([]int, len(suites))
	equiv := make([]int, len(suites))
	for i, c := range conds {
		where := fmt.Sprintf("%s:%d", c.file, c.line)
		for k, s := range suites {
			r := results[i][k]
			why := equivalentWhy(c)
			if s.name == "matrix" && why == "" {
				if why = listedWhy(routeEquivalent, c); why != "" {
					why = "through the routes: " + why
				}
			}
			switch {
			case r.caught != "":
				fmt.Printf("%-32s %-22s %-6s CAUGHT    by %-40s %s\n", where, c.fn, s.name, r.caught, c.code)
			case why != "":
				equiv[k]++
				fmt.Printf("%-32s %-22s %-6s SURVIVED  (equivalent: %s) %s\n", where, c.fn, s.name, why, c.code)
			default:
				survived[k]++
				fmt.Printf("%-32s %-22s %-6s SURVIVED  %s\n", where, c.fn, s.name, c.code)
				if *verbose {
					os.Stdout.Write(r.out)
				}
			}
		}
	}
	code := 0
	for k, s := range suites {
		fmt.Printf("%s: %d scope conditions: %d caught, %d survived, %d equivalent (or, for the matrix, route-equivalent) survived\n", s.name, len(conds), len(conds)-survived[k]-equiv[k], survived[k], equiv[k])
		if survived[k] > 0 {
			code = 1
		}
	}
	if *onlyFlag == "" {
		for _, e := range staleEquivalents(conds) {
			fmt.Printf("warning: listed as equivalent but not found: %s\n", e)
		}
	}
	return code
}

// line is how -list shows a condition and -only matches it.
func (c condition) label() string {
	return fmt.Sprintf("%-32s %-22s %s", fmt.Sprintf("%s:%d", c.file, c.line), c.fn, c.code)
}

// staleEquivalents lists the entries of equivalent that match no
// condition: the code they name has changed, and the entry should go.
func staleEquivalents(conds []condition) []string {
	var out []string
	for _, e := range append(slices.Clone(equivalent), routeEquivalent...) {
		found := false
		for _, c := range conds {
			found = found || e.fn == c.fn && e.code == c.code
		}
		if !found {
			out = append(out, e.fn+": "+e.code)
		}
	}
	return out
}

func equivalentWhy(c condition) string { return listedWhy(equivalent, c) }

func listedWhy(list []struct{ fn, code, why string }, c condition) string {
	for _, e := range list {
		if e.fn == c.fn && e.code == c.code {
			return e.why
		}
	}
	return ""
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "mutate-scope:", err)
	os.Exit(2)
}

package interp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// call runs the stage function fn of g on msg.
func call(t testing.TB, g *Generation, fn string, msg any) any {
	t.Helper()
	h, _, err := g.Handler(fn)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := h(msg)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRedefinitionReachesCallers(t *testing.T) { // Y1
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, `import "strings"`)
	eval(t, s, "func clean(s string) string { return strings.TrimSpace(s) }")
	eval(t, s, "func upper(s string) string { return strings.ToUpper(clean(s)) }")
	old := s.Current()

	res := eval(t, s, `func clean(s string) string { return strings.Trim(s, " !") }`)
	if !slices.Equal(res.Changed, []string{"clean"}) {
		t.Errorf("changed = %v, want [clean]", res.Changed)
	}
	if got := call(t, s.Current(), "upper", " hi! "); got != "HI" {
		t.Errorf("new upper = %q, want %q", got, "HI")
	}
	if got := call(t, old, "upper", " hi! "); got != "HI!" {
		t.Errorf("old generation's upper = %q, want %q: generations must not change", got, "HI!")
	}
	if !s.Current().DependsOn("upper", []string{"clean"}) {
		t.Error("upper does not depend on clean")
	}
	if s.Current().DependsOn("clean", []string{"upper"}) {
		t.Error("clean depends on upper")
	}
}

func TestFailedDefinitionChangesNothing(t *testing.T) { // Y2
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "func f(n int) int { return n + 1 }")
	eval(t, s, "var v = 5")
	before := s.Current()

	bad := []string{
		`func f(n int) int { return "x" }`,
		`var v int = "s"`,
		"func f(n int) int { return g(n) }",
	}
	for _, src := range bad {
		if _, err := s.Eval(context.Background(), Input{Name: "<stdin>", Line: 1, Src: src}); err == nil {
			t.Fatalf("%q: no error", src)
		}
	}
	if s.Current() != before {
		t.Fatal("a failed definition replaced the generation")
	}
	if got := call(t, s.Current(), "f", 1); got != 2 {
		t.Errorf("f(1) = %v, want 2", got)
	}
	if res := eval(t, s, "v"); res.Value != "5" {
		t.Errorf("v = %s, want 5", res.Value)
	}
	// The failed inputs were not kept: a good definition still works.
	eval(t, s, "func g(n int) int { return f(n) * 10 }")
	if got := call(t, s.Current(), "g", 1); got != 20 {
		t.Errorf("g(1) = %v, want 20", got)
	}
}

func TestRedefineType(t *testing.T) { // Y3
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "type P struct{ X int }")
	eval(t, s, "func sum(p P) int { return p.X }")
	eval(t, s, "type P struct{ X, Y int }")
	eval(t, s, "func sum(p P) int { return p.X + p.Y }")
	if res := eval(t, s, "sum(P{X: 1, Y: 2})"); res.Value != "3" {
		t.Errorf("sum = %q, want 3", res.Value)
	}
}

func TestAdoptRefusal(t *testing.T) {
	var refuse bool
	var seen [][]string
	adopt := func(_ context.Context, g *Generation, changed []string) error {
		seen = append(seen, changed)
		if refuse {
			return errors.New("stage upper: no")
		}
		return nil
	}
	s, _, _ := newTestSession(t, Options{Adopt: adopt})
	eval(t, s, "func f() int { return 1 }")
	eval(t, s, "func f() int { return 1 }") // the same source again
	refuse = true
	_, err := s.Eval(context.Background(), Input{Name: "<stdin>", Line: 1, Src: "func f() int { return 2 }"})
	if err == nil || !strings.Contains(err.Error(), "no") {
		t.Fatalf("err = %v, want the Adopt error", err)
	}
	if s.Current().N() != 2 {
		t.Errorf("generation %d, want 2", s.Current().N())
	}
	refuse = false
	if res := eval(t, s, "f()"); res.Value != "1" {
		t.Errorf("f() = %s after a refused definition, want 1", res.Value)
	}
	want := [][]string{{"f"}, nil, {"f"}}
	if !slices.EqualFunc(seen, want, slices.Equal) {
		t.Errorf("changed per Adopt = %q, want %q", seen, want)
	}
}

func TestMainIsRefused(t *testing.T) { // Y5
	s, _, _ := newTestSession(t, Options{})
	e := evalErr(t, s, Input{Name: "demo.pcs", Line: 7, Src: "\nfunc main() {}"})
	if e.Name != "demo.pcs" || e.Line != 8 || e.Col != 6 || !strings.Contains(e.Msg, "another name") {
		t.Errorf("got %v", e)
	}
}

func TestExpressionRunsOnce(t *testing.T) { // Y5
	s, out, _ := newTestSession(t, Options{})
	eval(t, s, `import "fmt"`)
	eval(t, s, `func(){ fmt.Println("once") }()`)
	eval(t, s, "func f() int { return 1 }")
	eval(t, s, "f()")
	eval(t, s, `fmt.Sprint("x")`)
	eval(t, s, "x := 3")
	if n := strings.Count(out.String(), "once"); n != 1 {
		t.Errorf("ran %d times, want once; stdout %q", n, out.String())
	}
}

func TestLoadSameFileTwice(t *testing.T) { // Y4
	dir := t.TempDir()
	path := filepath.Join(dir, "stages.go")
	write := func(src string) {
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, _, _ := newTestSession(t, Options{})
	write("package stages\n\nimport \"strings\"\n\nfunc upper(s string) string { return strings.ToUpper(s) }\n")
	for range 3 {
		if _, err := s.Load(context.Background(), path); err != nil {
			t.Fatal(err)
		}
	}
	if got := call(t, s.Current(), "upper", "a"); got != "A" {
		t.Errorf("upper(a) = %q", got)
	}

	write("package stages\n\nimport \"strings\"\n\nfunc upper(s string) string {\n\treturn strings.ToUpper(helpr(s))\n}\n")
	_, err := s.Load(context.Background(), path)
	var e *Error
	if !errors.As(err, &e) || e.Name != path || e.Line != 6 || e.Col != 25 {
		t.Fatalf("err = %v, want %s:6:25", err, path)
	}
	if e.SourceLine != "\treturn strings.ToUpper(helpr(s))" {
		t.Errorf("source line %q", e.SourceLine)
	}
}

func TestCompilePanicIsAnError(t *testing.T) { // Y9
	s, _, _ := newTestSession(t, Options{})
	e := evalErr(t, s, Input{Name: "<stdin>", Line: 3, Src: "var m = map[[]int]int{}"})
	if e.Name != "<stdin>" || e.Line != 3 {
		t.Errorf("got %v", e)
	}
}

// A generic function can be defined, called and used by other functions;
// naming it as a stage says how to wrap it.
func TestGenericFunction(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "func Id[X any](x X) X { return x }")
	eval(t, s, "func inc(n int) int { return Id(n) + 1 }")
	if res := eval(t, s, "Id(41) + 1"); res.Value != "42" {
		t.Errorf("Id(41) + 1 = %q", res.Value)
	}
	if got := call(t, s.Current(), "inc", 1); got != 2 {
		t.Errorf("inc(1) = %v", got)
	}
	_, _, err := s.Current().Handler("Id")
	if err == nil || !strings.Contains(err.Error(), "Id is generic") {
		t.Errorf("Handler(Id) error = %v, want one saying Id is generic", err)
	}
}

// Every function of a many-function program is fetched, each the right one.
func TestEveryFunctionFetched(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	var src strings.Builder
	for k := range 30 {
		fmt.Fprintf(&src, "func f%d(n int) int { return n + %d }\n", k, k)
	}
	eval(t, s, src.String())
	for k := range 30 {
		if got := call(t, s.Current(), fmt.Sprintf("f%d", k), 100); got != 100+k {
			t.Errorf("f%d(100) = %v", k, got)
		}
	}
}

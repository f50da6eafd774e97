package interp

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestHandlerShapes(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, `import ("errors"; "strings")`)
	eval(t, s, `
type P struct{ X, Y int }
type Name string
func upper(s string) string { return strings.ToUpper(s) }
func long(s string) bool { return len(s) > 2 }
func parse(s string) (int, error) {
	if s == "" {
		return 0, errors.New("empty")
	}
	return len(s), nil
}
func double(n int) int { return 2 * n }
func norm(p P) int { return p.X*p.X + p.Y*p.Y }
func greet(n Name) string { return "hi " + string(n) }
func id(v any) any { return v }
func two(a, b int) int { return a + b }
func none(s string) {}
`)
	g := s.Current()

	tests := []struct {
		name  string
		fn    string
		shape Shape
		msg   any
		out   any
		keep  bool
		err   string
	}{
		{"a string map (fast path)", "upper", ShapeMap, "ab", "AB", true, ""},
		{"a filter that keeps passes its input on", "long", ShapeFilter, "abc", "abc", true, ""},
		{"a filter that drops", "long", ShapeFilter, "ab", "ab", false, ""},
		{"a map with error, ok", "parse", ShapeMapErr, "abc", 3, true, ""},
		{"a map with error, failing", "parse", ShapeMapErr, "", nil, false, "empty"},
		{"an int map", "double", ShapeMap, 4, 8, true, ""},
		{"an interpreted struct from the host", "norm", ShapeMap, struct{ X, Y int }{3, 4}, 25, true, ""},
		{"a named string type takes a string", "greet", ShapeMap, "bo", "hi bo", true, ""},
		{"any takes anything", "id", ShapeMap, 1.5, 1.5, true, ""},
		{"a wrong input type is an error", "upper", ShapeMap, 42, nil, false, "stage input is int, upper wants string"},
		{"nil for a string is an error", "upper", ShapeMap, nil, nil, false, "stage input is nil, upper wants string"},
		{"int for float is not converted", "double", ShapeMap, 1.5, nil, false, "stage input is float64, double wants int"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, sig, err := g.Handler(tt.fn)
			if err != nil {
				t.Fatal(err)
			}
			if sig.Shape != tt.shape {
				t.Errorf("shape %d, want %d", sig.Shape, tt.shape)
			}
			out, keep, err := h(tt.msg)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(out, tt.out) || keep != tt.keep {
				t.Errorf("got (%v, %v), want (%v, %v)", out, keep, tt.out, tt.keep)
			}
		})
	}

	for _, fn := range []string{"two", "none", "P", "nosuch"} {
		if _, _, err := g.Handler(fn); err == nil {
			t.Errorf("Handler(%q): no error", fn)
		} else if !strings.Contains(err.Error(), fn) {
			t.Errorf("Handler(%q): error %q does not name it", fn, err)
		}
	}
	_, _, err := g.Handler("two")
	if !strings.Contains(err.Error(), "func(int, int) int") || !strings.Contains(err.Error(), "func(T) U") {
		t.Errorf("error %q should name the type and the accepted shapes", err)
	}
	var ie *InputError
	if _, _, err := mustHandler(t, g, "upper")(42); !errors.As(err, &ie) {
		t.Errorf("wrong input gives %T, want *InputError", err)
	}
}

func mustHandler(t testing.TB, g *Generation, fn string) func(any) (any, bool, error) {
	t.Helper()
	h, _, err := g.Handler(fn)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHandlerPanicReachesCaller(t *testing.T) { // Y8, second half
	s, _, errw := newTestSession(t, Options{})
	eval(t, s, `func boom(s string) string { panic("b: " + s) }`)
	h := mustHandler(t, s.Current(), "boom")
	defer func() {
		if r := recover(); r == nil {
			t.Error("no panic")
		}
		if strings.Contains(errw.String(), "panic") {
			t.Errorf("yaegi trace reached Stderr: %q", errw.String())
		}
	}()
	h("x")
}

func TestDependsOn(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, `
type T struct{ n int }
func (t T) Get() int { return t.n + k }
const k = 1
var table = map[string]int{"a": 1}
func helper() int { return table["a"] }
func viaMethod(t T) int { return t.Get() }
func viaHelper(n int) int { return n + helper() }
func alone(n int) int { return n }
var n = 5
var clean = "global"
func shadows(n int) int { x := n; for _, clean := range []int{1} { x += clean }; return x }
type P struct{ clean string }
func field(p P) string { return p.clean }
func usesN() int { return n }
var derived = n * 2
`)
	g := s.Current()
	tests := []struct {
		fn    string
		names []string
		want  bool
	}{
		{"viaHelper", []string{"helper"}, true},
		{"viaHelper", []string{"table"}, true},
		{"viaMethod", []string{"T.Get"}, true},
		{"viaMethod", []string{"k"}, true},
		{"viaMethod", []string{"helper"}, false},
		{"alone", []string{"helper", "T", "k", "table"}, false},
		{"alone", []string{"alone"}, true},
		{"shadows", []string{"n", "clean"}, false},
		{"field", []string{"clean"}, false},
		{"field", []string{"P"}, true},
		{"usesN", []string{"n"}, true},
		{"derived", []string{"n"}, true},
	}
	for _, tt := range tests {
		if got := g.DependsOn(tt.fn, tt.names); got != tt.want {
			t.Errorf("DependsOn(%s, %v) = %v, want %v", tt.fn, tt.names, got, tt.want)
		}
	}
}

// A stage function's panic carries where in the user's source it was
// raised, also when goroutines panic at different places at once.
func TestHandlerPanicNamesItsPlace(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	src := "func boom(n int) int {\n\tif n > 0 {\n\t\tpanic(n)\n\t}\n\treturn n\n}\n" +
		"func bang(n int) int {\n\tif n > 0 {\n\t\tpanic(n)\n\t}\n\treturn n\n}"
	if _, err := s.Eval(context.Background(), Input{Name: "f.go", Line: 20, Src: src}); err != nil {
		t.Fatal(err)
	}
	handlers := map[string]func(any) (any, bool, error){
		"f.go:21": mustHandler(t, s.Current(), "boom"), // yaegi names the if
		"f.go:27": mustHandler(t, s.Current(), "bang"),
	}
	call := func(h func(any) (any, bool, error), n int) (p any) {
		defer func() { p = recover() }()
		h(n)
		return nil
	}
	var wg sync.WaitGroup
	for place, h := range handlers {
		for n := 1; n <= 4; n++ {
			wg.Go(func() {
				for range 50 {
					got := fmt.Sprint(call(h, n))
					if !strings.HasPrefix(got, place+":") ||
						!strings.HasSuffix(got, ": "+fmt.Sprint(n)) {
						t.Errorf("panic %q, want %s:COL: %d", got, place, n)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	if p := call(handlers["f.go:21"], 0); p != nil {
		t.Errorf("boom(0) panicked: %v", p)
	}
}

package interp

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

const loopProgram = `
import "strings"
func upper(stop <-chan struct{}, in <-chan string, out chan<- string) {
	for {
		select {
		case <-stop:
			return
		case s, ok := <-in:
			if !ok {
				return
			}
			out <- strings.ToUpper(s)
			out <- s
		}
	}
}
func deafToIn(stop <-chan struct{}, in <-chan string, out chan<- string) { <-stop }
func count(stop <-chan struct{}, out chan<- int) {
	for i := 1; i <= 3; i++ {
		select {
		case out <- i:
		case <-stop:
			return
		}
	}
}
func plain(s string) string { return s }
`

func TestLoopShapes(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, loopProgram)
	g := s.Current()
	tests := []struct{ fn, want string }{
		{"upper", NodeLoop},
		{"count", NodeSource},
		{"plain", NodeHandler},
		{"nosuch", ""},
	}
	for _, tt := range tests {
		t.Run(tt.fn+" is a "+tt.want, func(t *testing.T) {
			if got := g.ShapeOf(tt.fn); got != tt.want {
				t.Errorf("ShapeOf(%q) = %q, want %q", tt.fn, got, tt.want)
			}
		})
	}
	t.Run("a handler is not a loop", func(t *testing.T) {
		if _, _, err := g.Loop("plain", nil, nil); err == nil || !strings.Contains(err.Error(), "a loop stage is") {
			t.Errorf("err = %v", err)
		}
	})
}

// The adapters of loops and Go sources, driven by hand as the runtime would.
func TestLoopAdapter(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, loopProgram)
	g := s.Current()

	t.Run("a loop gets typed messages and may send several per message", func(t *testing.T) {
		var bad []any
		lf, sig, err := g.Loop("upper", func(msg any, err error) { bad = append(bad, msg) }, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sig.In.String() != "string" || sig.Out.String() != "string" {
			t.Errorf("sig = %v", sig)
		}
		in, out := make(chan any), make(chan any)
		stop := make(chan struct{})
		var got []any
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range out {
				got = append(got, m)
			}
		}()
		done := make(chan struct{})
		go func() {
			lf(stop, in, out)
			close(done)
		}()
		in <- "a"
		in <- 42 // wrong type: reported, dropped
		in <- "b"
		close(in)
		<-done
		close(out)
		wg.Wait()
		if strings.Join(strs(got), ",") != "A,a,B,b" {
			t.Errorf("got %v", got)
		}
		if len(bad) != 1 || bad[0] != 42 {
			t.Errorf("bad = %v, want [42]", bad)
		}
	})

	t.Run("a stop between messages ends the loop and loses nothing taken", func(t *testing.T) {
		lf, _, _ := g.Loop("upper", nil, nil)
		in, out := make(chan any, 4), make(chan any, 16)
		in <- "x"
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			lf(stop, in, out)
			close(done)
		}()
		// Wait for the first output: x was taken, then stop.
		first := <-out
		close(stop)
		<-done
		close(out)
		got := []any{first}
		for m := range out {
			got = append(got, m)
		}
		if strings.Join(strs(got), ",") != "X,x" {
			t.Errorf("got %v, want X,x", got)
		}
	})

	t.Run("a message taken but not read goes to the next version", func(t *testing.T) {
		carry := &LoopCarry{}
		first, _, _ := g.Loop("deafToIn", nil, carry)
		in, out := make(chan any), make(chan any, 16)
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			first(stop, in, out)
			close(done)
		}()
		in <- "x" // taken by the forwarder; deafToIn never reads it
		close(stop)
		<-done

		next, _, _ := g.Loop("upper", nil, carry)
		in2 := make(chan any)
		close(in2)
		next(make(chan struct{}), in2, out)
		close(out)
		var got []any
		for m := range out {
			got = append(got, m)
		}
		if strings.Join(strs(got), ",") != "X,x" {
			t.Errorf("got %v, want X,x", got)
		}
	})

	t.Run("a Go source sends until it returns", func(t *testing.T) {
		src, sig, err := g.SourceLoop("count")
		if err != nil {
			t.Fatal(err)
		}
		if sig.In != nil || sig.Out.String() != "int" {
			t.Errorf("sig = %v", sig)
		}
		out := make(chan any, 8)
		if err := src(make(chan struct{}), out); err != nil {
			t.Fatal(err)
		}
		close(out)
		var got []any
		for m := range out {
			got = append(got, m)
		}
		if len(got) != 3 || got[0] != 1 || got[2] != 3 {
			t.Errorf("got %v", got)
		}
	})
}

func strs(vs []any) []string {
	var s []string
	for _, v := range vs {
		s = append(s, v.(string))
	}
	return s
}

func TestClosure(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "import (\n\t\"strings\"\n\tfs \"io/fs\"\n)")
	eval(t, s, "func clean(s string) string { return strings.TrimSpace(s) }")
	eval(t, s, "func other(s string) string { return s }")
	eval(t, s, "func upper(s string) string { return strings.ToUpper(clean(s)) }")
	names, src := s.Current().Closure("upper")
	if strings.Join(names, ",") != "clean,upper" {
		t.Errorf("names = %v, want clean,upper", names)
	}
	want := "import \"strings\"\nimport fs \"io/fs\"\nfunc clean(s string) string { return strings.TrimSpace(s) }\n" +
		"func upper(s string) string { return strings.ToUpper(clean(s)) }"
	if src != want {
		t.Errorf("src =\n%s\nwant\n%s", src, want)
	}
}

// A panic in a loop stage or a Go source carries its place in the user's
// source, as a stage function's does.
func TestLoopAndSourcePanicsNameTheirPlace(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	src := "func bad(stop <-chan struct{}, in <-chan int, out chan<- int) {\n" +
		"\tfor n := range in {\n\t\tpanic(n)\n\t}\n}\n" +
		"func badSrc(stop <-chan struct{}, out chan<- int) {\n\tpanic(7)\n}"
	if _, err := s.Eval(t.Context(), Input{Name: "f.go", Line: 10, Src: src}); err != nil {
		t.Fatal(err)
	}
	g := s.Current()
	recovered := func(f func()) (p any) {
		defer func() { p = recover() }()
		f()
		return nil
	}

	lf, _, err := g.Loop("bad", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	in, out := make(chan any, 1), make(chan any, 1)
	in <- 5
	p := fmt.Sprint(recovered(func() { lf(make(chan struct{}), in, out) }))
	if !strings.HasPrefix(p, "f.go:1") || !strings.HasSuffix(p, ": 5") {
		t.Errorf("loop panic %q, want f.go:LINE:COL: 5", p)
	}

	sf, _, err := g.SourceLoop("badSrc")
	if err != nil {
		t.Fatal(err)
	}
	p = fmt.Sprint(recovered(func() { sf(make(chan struct{}), make(chan any, 1)) }))
	if !strings.HasPrefix(p, "f.go:1") || !strings.HasSuffix(p, ": 7") {
		t.Errorf("source panic %q, want f.go:LINE:COL: 7", p)
	}
}

// A stage named after a variable holding a func says that it is one.
func TestAFuncVariableIsNotAStageFunction(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "var clo = func(n int) int { return n }")
	_, _, err := s.Current().Handler("clo")
	if err == nil || !strings.Contains(err.Error(), "clo is a variable; a stage needs a function") {
		t.Errorf("err = %v", err)
	}
	if _, _, err := s.Current().Handler("nosuch"); err == nil ||
		!strings.Contains(err.Error(), `no function "nosuch" is defined`) {
		t.Errorf("err = %v", err)
	}
}

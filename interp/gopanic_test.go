package interp

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// goPanics collects what OnGoPanic receives.
type goPanics struct {
	mu     sync.Mutex
	values []any
	places []string
	got    chan struct{}
}

func newGoPanics() *goPanics { return &goPanics{got: make(chan struct{}, 100)} }

func (p *goPanics) on(v any, place string, stack []byte) {
	p.mu.Lock()
	p.values = append(p.values, v)
	p.places = append(p.places, place)
	p.mu.Unlock()
	p.got <- struct{}{}
}

func (p *goPanics) wait(t *testing.T) {
	t.Helper()
	select {
	case <-p.got:
	case <-time.After(10 * time.Second):
		t.Fatal("no panic reported")
	}
}

func TestGoroutinePanicIsReported(t *testing.T) { // Y8
	p := newGoPanics()
	s, _, errw := newTestSession(t, Options{OnGoPanic: p.on})
	eval(t, s, `import "sync"`)
	eval(t, s, `
func stage(s string) string {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		panic("x " + s)
	}()
	wg.Wait()
	return s
}`)
	if got := call(t, s.Current(), "stage", "a"); got != "a" {
		t.Errorf("stage(a) = %v", got)
	}
	p.wait(t)
	// The value itself, not yaegi's reflect.Value around it.
	if len(p.values) != 1 || p.values[0] != any("x a") {
		t.Errorf("reported %#v, want the string \"x a\"", p.values)
	}
	// The place: in the goroutine's function, where yaegi puts it (the
	// panic is on line 7; yaegi names the statement before it).
	if len(p.places) != 1 || !strings.HasPrefix(p.places[0], "<stdin>:6:") &&
		!strings.HasPrefix(p.places[0], "<stdin>:7:") {
		t.Errorf("place %q, want <stdin>:6 or 7", p.places)
	}
	if strings.Contains(errw.String(), "panic") {
		t.Errorf("stderr %q", errw.String())
	}
}

func TestGoStatementArguments(t *testing.T) {
	p := newGoPanics()
	s, out, _ := newTestSession(t, Options{OnGoPanic: p.on})
	eval(t, s, `import ("fmt"; "sync")`)
	eval(t, s, "const scale = 10")
	eval(t, s, "func show(wg *sync.WaitGroup, f float64, n int) { defer wg.Done(); fmt.Println(f, n) }")
	eval(t, s, "type C struct{ n int }")
	eval(t, s, "func (c C) Show(wg *sync.WaitGroup) { defer wg.Done(); fmt.Println(\"c\", c.n) }")
	// Arguments are evaluated at the go statement; untyped constants stay
	// untyped (1 and scale go to a float64); method calls and multi-line
	// calls work. (A method value does not copy a value receiver in
	// yaegi: f := c.Show; c = C{100}; f() shows 100. So neither does
	// go c.Show(), and this test does not reassign c.)
	eval(t, s, `func run() {
	var wg sync.WaitGroup
	n := 1
	wg.Add(3)
	go show(&wg, 1, n)
	go show(&wg,
		scale,
		n+1)
	c := C{7}
	go c.Show(&wg)
	n = 100
	wg.Wait()
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			fmt.Println("i", i)
		}(i)
		wg.Wait()
	}
}`)
	want := []string{"1 1", "10 2", "c 7", "i 0", "i 1"}
	eval(t, s, "run()")
	eval(t, s, "func sum(wg *sync.WaitGroup, xs ...int) { defer wg.Done(); fmt.Println(\"sum\", len(xs)) }")
	eval(t, s, "xs := []int{1, 2, 3}")
	eval(t, s, "func() { var wg sync.WaitGroup; wg.Add(1); go sum(&wg, xs...); wg.Wait() }()")
	want = append(want, "sum 3")
	for _, w := range want {
		if !strings.Contains(out.String(), w+"\n") {
			t.Errorf("stdout %q lacks %q", out.String(), w)
		}
	}

	// A go statement at the prompt is rewritten too.
	eval(t, s, `go func() { panic("prompt") }()`)
	p.wait(t)
	if fmt.Sprint(p.values) != "[prompt]" {
		t.Errorf("reported %v", p.values)
	}
}

func TestGoRewriteKeepsLines(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	e := evalErr(t, s, Input{Name: "g.go", Line: 1, Src: "func f(x int) {\n\tgo g(x,\n\t\tx)\n\tnope()\n}"})
	// yaegi reports the go statement's line; the column is of the
	// rewritten text, not the user's.
	if e.Name != "g.go" || e.Line != 2 || e.Msg != "undefined: g" {
		t.Errorf("got %v", e)
	}
	e = evalErr(t, s, Input{Name: "g.go", Line: 1, Src: "func f(x int) {\n\tgo func() {}()\n\tnope()\n}"})
	if e.Error() != "g.go:3:2: undefined: nope" {
		t.Errorf("got %v", e)
	}
}

// The place of a goroutine's panic is the user's line and column, also
// after the go statement was rewritten on that line, and for a goroutine
// started by a statement at the prompt (whose lines are the wrapper's,
// not the program's).
func TestGoroutinePanicPlaceIsTheUsers(t *testing.T) {
	p := newGoPanics()
	s, _, _ := newTestSession(t, Options{OnGoPanic: p.on})
	def := "func f(n int) int {\n\tgo func() { panic(n) }()\n\treturn n\n}"
	if _, err := s.Eval(t.Context(), Input{Name: "f.go", Line: 20, Src: def}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Eval(t.Context(), Input{Name: "f.go", Line: 30, Src: "f(1)"}); err != nil {
		t.Fatal(err)
	}
	p.wait(t)
	// Let that goroutine return before the next input: yaegi grows the
	// frame for each input, racing with a prompt goroutine still running.
	time.Sleep(50 * time.Millisecond)
	stmt := `x := 1; go func() { panic("p") }()`
	if _, err := s.Eval(t.Context(), Input{Name: "<stdin>", Line: 40, Src: stmt}); err != nil {
		t.Fatal(err)
	}
	p.wait(t)
	p.mu.Lock()
	defer p.mu.Unlock()
	want := []string{"f.go:21:14", "<stdin>:40:21"} // the panic calls
	if fmt.Sprint(p.places) != fmt.Sprint(want) {
		t.Errorf("places %q, want %q", p.places, want)
	}
}

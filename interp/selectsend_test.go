package interp

import (
	"context"
	"strings"
	"testing"
)

// yaegi drops what a call nested in a select's send value returns; the
// rewrite computes such values before the select (selectsend.go).
func TestSelectSendValues(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, `import "fmt"`)
	eval(t, s, "type Msg struct { N int; Text string }")
	eval(t, s, `func lbl(n int) string { return fmt.Sprint("x", n) }`)
	eval(t, s, `func send[T any](f func(chan T)) string {
	ch := make(chan T, 1)
	f(ch)
	return fmt.Sprint(<-ch)
}`)
	tests := []struct{ def, call, want string }{
		{`func a(out chan Msg) { select { case out <- Msg{N: 1, Text: lbl(1)}: } }`,
			"send(a)", "{1 x1}"},
		{`func b(out chan []string) {
	for i := 0; i < 1; i++ { select { case out <- []string{lbl(7)}: } }
}`,
			"send(b)", "[x7]"},
		{`func c(out chan string) { select { case out <- lbl(2) + "!": } }`,
			"send(c)", "x2!"},
		{`func d(out chan *Msg) { select { case out <- &Msg{Text: lbl(3)}: } }`,
			"dd()", "{0 x3}"},
		{"func e(out chan Msg) {\n\tselect {\n\tcase out <- Msg{\n" +
			"\t\tN:    4, // a comment\n\t\tText: lbl(4),\n\t}:\n\t}\n}",
			"send(e)", "{4 x4}"},
		{`func f(out chan int) {
	stop := make(chan bool)
	L: select { case out <- len(lbl(10)): break L; case <-stop: }
}`,
			"send(f)", "3"},
		{`func g(out chan int) { select { case out <- func() int { return len(lbl(1)) }(): } }`,
			"send(g)", "2"},
	}
	eval(t, s, `func dbl(n int) int { return 2 * n }`)
	eval(t, s, `var m = Msg{N: 5, Text: "hi"}`)
	eval(t, s, `var xs = []int{7, 8}`)
	eval(t, s, "func d(out chan *Msg) {}")
	eval(t, s, `func dd() string { ch := make(chan *Msg, 1); d(ch); return fmt.Sprint(*<-ch) }`)
	more := []struct{ def, call, want string }{
		{`func h1(out chan string) { select { case out <- fmt.Sprintf("%d|%s", m.N, m.Text): } }`,
			"send(h1)", "5|hi"},
		{`func h2(out chan int) { select { case out <- dbl(m.N): } }`, "send(h2)", "10"},
		{`func h3(out chan int) { select { case out <- m.N + 1: } }`, "send(h3)", "6"},
		{`func h4(out chan int) { select { case out <- xs[0] * 2: } }`, "send(h4)", "14"},
		{`func h5(out chan string) { select { case out <- m.Text + "!": } }`, "send(h5)", "hi!"},
		{`func h7(out chan int) {
	in := make(chan int, 1)
	in <- 4
	var n int
	var ok bool
	select { case n, ok = <-in: }
	if ok { out <- n }
}`, "send(h7)", "4"},
		{`func h8(out chan int) {
	in := make(chan int, 1)
	in <- 9
	n := 0
	select { case n = <-in: }
	out <- n
}`,
			"send(h8)", "9"},
	}
	tests = append(tests, more...)
	for _, tt := range tests {
		eval(t, s, tt.def)
		if got := eval(t, s, tt.call).Value; strings.Trim(got, `"`) != tt.want {
			t.Errorf("%s\n%s = %s, want %s", tt.def, tt.call, got, tt.want)
		}
	}
}

// Errors after a rewritten select keep their lines.
func TestSelectRewriteKeepsLines(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, `import "fmt"`)
	src := "func h(out chan []string) {\n\tselect {\n\tcase out <- []string{\n" +
		"\t\tfmt.Sprint(1),\n\t}:\n\t}\n\tundefinedThing()\n}"
	_, err := s.Eval(context.Background(), Input{Name: "f.go", Line: 10, Src: src})
	if err == nil || !strings.Contains(err.Error(), "f.go:16") {
		t.Errorf("err = %v, want it at f.go:16", err)
	}
}

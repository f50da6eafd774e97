package interp

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strconv"

	"github.com/pipeconsole/pipeconsole/stages"
)

// A panic in a stage's function reaches the graph's runtime, which reports
// it with the stage and the message. What it cannot know is where in the
// user's code the panic happened: yaegi writes that to the interpreter's
// Stderr, one line per interpreted frame, on the panicking goroutine (see
// traceFilter). placed wraps a generation's handler so that a panic goes
// on with its place in front: "t.pcs:12:9: runtime error: ...".

// placedPanic is a panic value with the place it was raised at.
type placedPanic struct {
	place *Error // Name, Line, Col; Msg unused
	value any
}

func (p placedPanic) Error() string { return fmt.Sprintf("%s: %v", p.at(), p.value) }

// at is "name:line" or "name:line:col".
func (p placedPanic) at() string {
	at := p.place.Name + ":" + strconv.Itoa(p.place.Line)
	if p.place.Col > 0 {
		at += ":" + strconv.Itoa(p.place.Col)
	}
	return at
}

// Unwrap gives the panic value, when it is an error.
func (p placedPanic) Unwrap() error {
	err, _ := p.value.(error)
	return err
}

// placed returns h, whose panics carry their place in the program.
func (g *Generation) placed(h stages.Handler) stages.Handler {
	if g.trace == nil {
		return h
	}
	return func(msg any) (any, bool, error) {
		defer func() {
			if p := recover(); p != nil {
				panic(g.place(p))
			}
		}()
		return h(msg)
	}
}

// place puts the position of the calling goroutine's last panic trace in
// front of p, if there is one.
func (g *Generation) place(p any) any {
	if g.trace == nil {
		return p
	}
	if e := g.trace.placeMine(); e != nil {
		return placedPanic{place: e, value: p}
	}
	return p
}

// panicPlace is "name:line:col" of the last panic trace line the calling
// goroutine wrote to stderr (a traceFilter, or a traceSwitch bound to
// one), or "" if there is none or its program is not known.
func panicPlace(stderr io.Writer) string {
	t, _ := stderr.(*traceFilter)
	if sw, ok := stderr.(*traceSwitch); ok {
		t = sw.to.Load()
	}
	if t == nil {
		return ""
	}
	if e := t.placeMine(); e != nil {
		return placedPanic{place: e}.at()
	}
	return ""
}

// placeMine is the place in the user's source of the calling goroutine's
// last panic trace line, or nil if there is none or the program is not
// known.
func (t *traceFilter) placeMine() *Error {
	pos, lines := t.takeMine(), t.lines.Load()
	if f := t.tableFor.Load(); f != nil {
		lines = (*f)(pos.fn)
	}
	if pos.line == 0 || lines == nil {
		return nil
	}
	if e := lines.errorAt(pos.line, pos.col, "", origin{}); e.Name != "" {
		return e
	}
	return nil
}

// goroutineID returns the id of the calling goroutine, from the first line
// of its stack ("goroutine 12 [running]:"). It is for the panic path only.
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}

package interp

import (
	"context"
	"io"
	"runtime/pprof"
	"sync"
	"sync/atomic"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/pipeconsole/pipeconsole/stages"
)

// spare is the interpreter the next generation (or foreground) will use,
// made ahead of time. Creating an interpreter and loading the standard
// library into it costs a few milliseconds, most of what a redefinition
// costs; so each interpreter taken starts the making of the next one in
// the background, and a definition typed later pays only its Eval.
//
// The zero value holds no spare. The goroutine that makes one belongs to
// the Session: close waits for it.
type spare struct {
	mu     sync.Mutex
	ready  chan struct{} // closed when next is made; nil when none is being made
	next   *spareInterp
	closed bool
}

// spareInterp is an interpreter whose Stderr is not yet bound to the
// traceFilter of the build that takes it.
type spareInterp struct {
	i      *yaegi.Interpreter
	stderr *traceSwitch
	err    error
}

// take returns the spare interpreter with its Stderr bound to trace, and
// starts making the next one. It waits for a spare being made; it returns
// nil if there is none (the first call, or after close), and the caller
// makes one itself.
func (sp *spare) take(s *Session, trace *traceFilter) *yaegi.Interpreter {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.closed {
		return nil
	}
	var got *spareInterp
	if sp.ready != nil {
		<-sp.ready
		got = sp.next
	}
	sp.next, sp.ready = nil, make(chan struct{})
	go sp.make(s, sp.ready)
	if got == nil || got.err != nil {
		return nil
	}
	got.stderr.bind(trace)
	return got.i
}

// make makes the next spare and closes ready. Its goroutine is the
// console's (the session's owner), whatever started it: a census must not
// count it as the prompt's or a stage's.
func (sp *spare) make(s *Session, ready chan struct{}) {
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(),
		pprof.Labels(stages.LabelOwner, stages.OwnerConsole)))
	sw := &traceSwitch{}
	i, err := s.makeInterpreter(sw)
	sp.next = &spareInterp{i: i, stderr: sw, err: err}
	close(ready)
}

// close waits for the spare being made and drops it; later takes return
// nil. It is safe to call twice.
func (sp *spare) close() {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.ready != nil {
		<-sp.ready
	}
	sp.closed, sp.next, sp.ready = true, nil, nil
}

// traceSwitch is the Stderr of a spare interpreter: it writes to the
// traceFilter bound when the spare is taken, and nowhere before.
type traceSwitch struct {
	to atomic.Pointer[traceFilter]
}

func (t *traceSwitch) bind(trace *traceFilter) { t.to.Store(trace) }

func (t *traceSwitch) Write(p []byte) (int, error) {
	if to := t.to.Load(); to != nil {
		return to.Write(p)
	}
	return len(p), nil
}

var _ io.Writer = (*traceSwitch)(nil)

package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"go/parser"
	"go/token"
)

// Options configure a Session.
type Options struct {
	// Stdout and Stderr receive what interpreted code prints (fmt.Print*,
	// os.Stdout, os.Stderr, println). Never nil after New (io.Discard).
	// The session serialises its writes to each.
	Stdout, Stderr io.Writer

	// Adopt, if set, is called with each new generation before it becomes
	// the current one, with the names whose source changed. The console
	// uses it to check and swap the running stages. An error refuses the
	// whole input: the session keeps the previous generation.
	// ctx is the input's: Ctrl-C ends it.
	Adopt func(ctx context.Context, next *Generation, changed []string) error

	// OnGoPanic, if set, is called with the value and stack of a panic in
	// a goroutine that interpreted code started with a go statement. The
	// goroutine ends; the process does not. Without OnGoPanic such panics
	// are dropped. It runs on the panicking goroutine.
	// place is where the panic was raised ("t.pcs:12:5"), or "" when it
	// is not known.
	OnGoPanic func(value any, place string, stack []byte)
}

// Input is a piece of source with its origin, for error positions.
type Input struct {
	Name string // "<stdin>", "scripts/demo.pcs", "stages.go"
	Line int    // 1-based line of Name where Src starts
	Src  string
}

// ResultKind says what an input was.
type ResultKind int

const (
	Defined ResultKind = iota + 1 // declarations: the program changed
	Value                         // an expression with one value
	NoValue                       // statements, or a call with no result
)

// Result is what an Eval did.
type Result struct {
	Kind    ResultKind
	Defined []string // names the input declared, in order
	Changed []string // of those, the ones whose source changed
	// Taken maps each name the input defined that another file (a .go
	// file other than the input's) defined until now to that file: one
	// file's definition replaced the other's.
	Taken      map[string]string
	Value      string // the rendered value, for Kind == Value
	Generation int    // the current generation after the input
	// Handover says which variables kept their values and how the
	// reload hooks went, when the input made a new generation.
	Handover Handover
}

// Session holds the definitions of one console session and runs them.
// Methods are safe for concurrent use; evaluations are serialised.
type Session struct {
	opts Options

	mu     sync.Mutex // serialises Eval, Load and Close
	closed bool
	fg     *foreground // nil until needed; dropped when the program changes
	spare  spare       // the next interpreter, made ahead (spare.go)

	evals    atomic.Uint64  // evaluations labelled so far (reap.go)
	reapers  sync.WaitGroup // goroutines stopping interrupted runs
	reapStop chan struct{}  // closed by Close

	current atomic.Pointer[Generation]
}

// New returns a session with the empty program as generation 0.
func New(opts Options) (*Session, error) {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	opts.Stdout = &lockedWriter{w: opts.Stdout}
	opts.Stderr = &lockedWriter{w: opts.Stderr}
	s := &Session{opts: opts, reapStop: make(chan struct{})}
	s.current.Store(&Generation{prog: &program{}})
	return s, nil
}

// Close drops every interpreter the session holds. Functions of earlier
// generations that stages still hold keep working until they are dropped.
// Close waits for a running Eval: cancel its context first. Eval after
// Close returns an error; Close may be called twice.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.spare.close()
	if !s.closed {
		close(s.reapStop)
	}
	s.reapers.Wait()
	s.closed = true
	s.fg = nil
	s.current.Store(&Generation{n: s.current.Load().n, prog: &program{}})
}

// Current returns the current generation.
func (s *Session) Current() *Generation { return s.current.Load() }

// errClosed is returned by Eval and Load after Close.
var errClosed = errors.New("session is closed")

// Eval evaluates one complete input: declarations change the program (a new
// generation, adopted through Options.Adopt), anything else runs once in the
// foreground. Cancelling ctx interrupts a foreground evaluation, or the
// building of a generation (which then changes nothing); it never disturbs
// the current generation. It blocks until the input is done.
func (s *Session) Eval(ctx context.Context, in Input) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.spare.refill(s)
	if s.closed {
		return Result{}, errClosed
	}
	if in.Line < 1 {
		in.Line = 1
	}

	c, err := classify(in)
	if err != nil {
		return Result{Generation: s.Current().n}, err
	}
	if c.stmts != nil {
		return s.runForeground(ctx, c.stmts)
	}
	return s.define(ctx, in, c.units)
}

// define makes a new generation with us defined and adopts it.
func (s *Session) define(ctx context.Context, in Input, us []*unit) (Result, error) {
	cur := s.Current()
	res := Result{Kind: Defined, Generation: cur.n}
	for _, u := range us {
		res.Defined = append(res.Defined, u.names...)
	}
	if len(us) == 0 {
		res.Kind = NoValue
		return res, nil
	}

	next, changed := cur.prog.with(us)
	res.Taken = cur.prog.takenFrom(us)
	rewriteUnits(newGoContext(next.units), us)
	fallback := origin{name: in.Name, line: in.Line}
	return s.adopt(ctx, res, next, changed, fallback, false)
}

// adopt builds prog as the next generation and makes it current: Adopt
// checks and swaps the stages (calling Takeover between its pause and its
// swap), the variables are carried over unless fresh, and the new
// generation's AfterReload hook runs last.
func (s *Session) adopt(ctx context.Context, res Result, prog *program,
	changed []string, fallback origin, fresh bool) (Result, error) {
	cur := s.Current()
	g, err := s.buildGeneration(ctx, cur.n+1, prog, fallback)
	if err != nil {
		return res, err
	}
	g.fresh = fresh
	if s.opts.Adopt != nil {
		if err := s.opts.Adopt(ctx, g, changed); err != nil {
			return res, err
		}
	}
	g.Takeover(ctx, cur) // when Adopt did not

	s.current.Store(g)
	s.fg = nil
	g.handover.AfterReload = g.RunHook(ctx, AfterReloadHook)
	res.Changed, res.Generation, res.Handover = changed, g.n, g.handover
	return res, nil
}

// Reinit builds the current program again as a new generation in which
// every package-level variable is initialised afresh (nothing is carried
// over), adopted as any other; the reload hooks run as for any reload.
func (s *Session) Reinit(ctx context.Context) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.spare.refill(s)
	if s.closed {
		return Result{}, errClosed
	}
	cur := s.Current()
	res := Result{Kind: Defined, Generation: cur.n}
	return s.adopt(ctx, res, cur.prog, nil, origin{name: "reinit", line: 1}, true)
}

// Load evaluates a Go file as declarations (its package clause is
// ignored). Errors name the file. Loading the same file again redefines
// what it declares.
func (s *Session) Load(ctx context.Context, path string) (Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Result{Generation: s.Current().n}, err
	}
	return s.LoadSource(ctx, path, b)
}

// LoadSource is Load of the content b of the file path, already read:
// a watcher that hashed the content loads exactly what it hashed.
func (s *Session) LoadSource(ctx context.Context, path string, b []byte) (Result, error) {
	src := string(b)

	// Blank the package clause, keeping every other position.
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.PackageClauseOnly)
	if err != nil {
		in := Input{Name: path, Line: 1, Src: src}
		return Result{Generation: s.Current().n}, syntaxError(in, err, 0)
	}
	start, end := fset.Position(f.Package).Offset, fset.Position(f.Name.End()).Offset
	blank := []byte(src)
	for i := start; i < end; i++ {
		blank[i] = ' '
	}
	in := Input{Name: path, Line: 1, Src: string(blank)}

	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.spare.refill(s)
	if s.closed {
		return Result{}, errClosed
	}
	c, err := classify(in)
	if err == nil && c.stmts != nil {
		err = fmt.Errorf("%s: only declarations can be loaded", path)
	}
	if err != nil {
		return Result{Generation: s.Current().n}, err
	}
	return s.define(ctx, in, c.units)
}

// goPanic reports a panic of an interpreted goroutine.
// yaegi hands the recovered value over wrapped in a reflect.Value.
// stderr is the Stderr of the interpreter the goroutine runs in.
func (s *Session) goPanic(v any, stderr io.Writer) {
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		v = rv.Interface()
	}
	if s.opts.OnGoPanic != nil {
		s.opts.OnGoPanic(v, panicPlace(stderr), debug.Stack())
	}
}

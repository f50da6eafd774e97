package interp

import (
	"io"
	"reflect"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"

	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// newInterpreter returns a yaegi interpreter with the standard library,
// writing what interpreted code prints to the session's writers.
//
// yaegi sends fmt.Print* and println to Options.Stdout, but os.Stdout and
// os.Stderr only if they are *os.File. They are replaced here by variables
// of type io.Writer holding the session's writers, so os.Stdout.Write and
// fmt.Fprintln(os.Stdout, ...) work and go to the console; methods of
// *os.File (WriteString, Fd) do not compile.
//
// It takes the session's spare interpreter when there is one (see
// spare.go), so that only the first build pays for the standard library.
func (s *Session) newInterpreter(trace *traceFilter) (*yaegi.Interpreter, error) {
	if i := s.spare.take(s, trace); i != nil {
		return i, nil
	}
	return s.makeInterpreter(trace)
}

// makeInterpreter makes an interpreter as newInterpreter describes, with
// stderr (a traceFilter, or a traceSwitch for a spare) as its Stderr.
func (s *Session) makeInterpreter(stderr io.Writer) (*yaegi.Interpreter, error) {
	stdout := s.opts.Stdout
	trace := stderr // os.Stderr of interpreted code may be set; this is not
	i := yaegi.New(yaegi.Options{Stdout: stdout, Stderr: stderr})
	if err := i.Use(stdlib.Symbols); err != nil {
		return nil, err
	}
	err := i.Use(yaegi.Exports{
		"os/os": {
			"Stdout": reflect.ValueOf(&stdout).Elem(),
			"Stderr": reflect.ValueOf(&stderr).Elem(),
		},
		"pipeconsole/pc/pc": {
			"GoPanic": reflect.ValueOf(func(v any) { s.goPanic(v, trace) }),
		},
	})
	if err != nil {
		return nil, err
	}
	return i, nil
}

// traceLine is the line yaegi writes to its Stderr for every interpreted
// frame a panic unwinds: "12:3: panic: main.boom(...)".
var traceLine = regexp.MustCompile(`^(\d+):(\d+): panic: ([^\n]*)\(\.\.\.\)\n$`)

// traceFilter is the Stderr of an interpreter: it keeps yaegi's panic
// trace lines from the user's terminal, remembering where the innermost
// panic was, and passes everything else to w.
//
// BUG(interp): a line printed to os.Stderr by interpreted code that looks
// exactly like a yaegi trace line ("3:4: panic: f(...)") is dropped.
type traceFilter struct {
	w io.Writer

	mu        sync.Mutex
	line, col int    // of the first trace line since reset; 0 if none
	fn        string // the function named there

	// lines maps trace positions to the user's places, once the program
	// the interpreter runs is known (buildGeneration, foreground).
	lines atomic.Pointer[lineTable]
	// tableFor, if set, picks the lines by the traced function's name
	// instead: the foreground's wrappers each have their own (foreground.go).
	tableFor atomic.Pointer[func(fn string) *lineTable]

	// Trace lines of goroutines that call the generation's functions
	// (stage handlers), by goroutine: the first line since that
	// goroutine's last takeMine. See placed.go.
	mine map[uint64]tracePos
}

// tracePos is where a panic trace line points.
type tracePos struct {
	line, col int
	fn        string
}

// maxMine bounds traceFilter.mine: entries of goroutines whose panic was
// recovered by interpreted code are never taken.
const maxMine = 256

func (t *traceFilter) Write(p []byte) (int, error) {
	m := traceLine.FindSubmatch(p)
	if m == nil {
		return t.w.Write(p)
	}
	line, _ := strconv.Atoi(string(m[1]))
	col, _ := strconv.Atoi(string(m[2]))
	fn := string(m[3])
	id := goroutineID()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.line == 0 {
		t.line, t.col, t.fn = line, col, fn
	}
	if t.mine == nil || len(t.mine) >= maxMine {
		t.mine = map[uint64]tracePos{}
	}
	if _, ok := t.mine[id]; !ok {
		t.mine[id] = tracePos{line, col, fn}
	}
	return len(p), nil
}

// takeMine returns and forgets the first trace line the calling goroutine
// wrote since its last takeMine.
func (t *traceFilter) takeMine() tracePos {
	id := goroutineID()
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.mine[id]
	delete(t.mine, id)
	return p
}

// take returns and forgets the position of the first panic trace line.
func (t *traceFilter) take() (line, col int, fn string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	line, col, fn = t.line, t.col, t.fn
	t.line, t.col, t.fn = 0, 0, ""
	return line, col, fn
}

// lockedWriter serialises writes to a writer shared by goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

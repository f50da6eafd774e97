package interp

// This file fixes the API that the console is written against. The interp
// helper replaces it with real files keeping these names and meanings;
// additions are fine, changes must be reported.

import (
	"context"
	"errors"
	"io"
	"reflect"

	"github.com/pipeconsole/pipeconsole/stages"
)

// Options configure a Session.
type Options struct {
	// Stdout and Stderr receive what interpreted code prints (fmt.Print*,
	// os.Stdout, println). Never nil after New (io.Discard).
	Stdout, Stderr io.Writer

	// Adopt, if set, is called with each new generation before it becomes
	// the current one, with the names whose source changed. The console
	// uses it to check and swap the running stages. An error refuses the
	// whole input: the session keeps the previous generation.
	Adopt func(next *Generation, changed []string) error
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
	Kind       ResultKind
	Defined    []string // names the input declared, in order
	Changed    []string // of those, the ones whose source changed
	Value      string   // the rendered value, for Kind == Value
	Generation int      // the current generation after the input
}

// ErrInterrupted is returned (wrapped with the context's error) when the
// context of a foreground evaluation ends before it does.
var ErrInterrupted = errors.New("interrupted")

// Error is an error in the user's source, at the user's own position.
type Error struct {
	Name       string // as in Input.Name
	Line, Col  int    // in Name; Col 0 when unknown
	Msg        string
	SourceLine string // the offending line of the user's input, if known
}

func (e *Error) Error() string { panic("sketch") }

// Shape is the shape of a stage function.
type Shape int

const (
	ShapeMap    Shape = iota + 1 // func(T) U
	ShapeMapErr                  // func(T) (U, error)
	ShapeFilter                  // func(T) bool
)

// Signature describes a function usable as a stage.
type Signature struct {
	Shape   Shape
	In, Out reflect.Type // Out is bool's type for a filter... see Shape
}

// Session holds the definitions of one console session and runs them.
// Methods are safe for concurrent use; evaluations are serialised.
type Session struct{}

func New(opts Options) (*Session, error) { panic("sketch") }

// Close drops every interpreter the session holds.
func (s *Session) Close() { panic("sketch") }

// Eval evaluates one complete input: declarations change the program (a new
// generation, adopted through Options.Adopt), anything else runs once in the
// foreground. Cancelling ctx interrupts a foreground evaluation only.
func (s *Session) Eval(ctx context.Context, in Input) (Result, error) { panic("sketch") }

// Load evaluates a Go file as declarations (its package clause is ignored).
func (s *Session) Load(ctx context.Context, path string) (Result, error) { panic("sketch") }

// Incomplete reports whether src needs more lines: an open brace, paren,
// bracket, string or comment.
func Incomplete(src string) bool { panic("sketch") }

// Current returns the current generation.
func (s *Session) Current() *Generation { panic("sketch") }

// Generation is one compiled state of the program: one interpreter with
// every definition evaluated afresh. Its functions never change.
type Generation struct{}

// N is the generation number, from 0 (empty program).
func (g *Generation) N() int { panic("sketch") }

// Handler adapts the function named fn to a stage Handler.
func (g *Generation) Handler(fn string) (stages.Handler, Signature, error) { panic("sketch") }

// DependsOn reports whether fn, or anything it calls or uses, transitively,
// is one of names.
func (g *Generation) DependsOn(fn string, names []string) bool { panic("sketch") }

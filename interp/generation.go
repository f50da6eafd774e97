package interp

import (
	"context"
	"fmt"
	"go/ast"
	"reflect"
	"strings"
	"sync"

	yaegi "github.com/traefik/yaegi/interp"
)

// Generation is one compiled state of the program: one interpreter with
// every definition evaluated afresh. Its functions never change, and it is
// safe for concurrent use: stages may call its handlers from any goroutine
// while the session builds the next generation.
//
// The zero value is not usable; generations come from a Session.
type Generation struct {
	n    int
	prog *program
	i    *yaegi.Interpreter // nil for the empty generation 0

	funcs   map[string]reflect.Value // every top-level func, fetched at build
	trace   *traceFilter             // the interpreter's Stderr (placed.go)
	generic map[string]bool          // generic funcs: no value until instantiated

	fresh    bool     // Takeover carries no variable into it
	tookOver bool     // Takeover ran (see keep.go)
	leave    []string // variables Takeover must not read (Leave)
	handover Handover // what it did

	depsOnce sync.Once
	deps     map[string][]string // key -> keys it refers to directly
}

// N is the generation number, from 0 (empty program).
func (g *Generation) N() int { return g.n }

// Names returns the keys of every definition of the generation, in order:
// "f", "T", "T.M", "x", and `"path"` for an import.
func (g *Generation) Names() []string { return g.prog.names() }

// buildGeneration evaluates prog in a fresh interpreter. Cancelling ctx
// abandons the build (a package variable whose initialiser never ends).
func (s *Session) buildGeneration(ctx context.Context, n int, prog *program,
	fallback origin) (*Generation, error) {
	trace := &traceFilter{w: s.opts.Stderr}
	i, err := s.newInterpreter(trace)
	if err != nil {
		return nil, fmt.Errorf("create interpreter: %w", err)
	}

	a := prog.assemble()
	if _, err := s.evalCtx(ctx, i, a.String()); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
		}
		if e := panicError(err, trace, a.table, fallback); e != nil {
			return nil, e
		}
		return nil, a.table.mapYaegiError(err, fallback)
	}

	// Fetch every function now, all in one Eval (a third of the time of
	// one Eval each): an Eval while stages call into the interpreter
	// would be a data race. A generic function has no value to fetch.
	g := &Generation{n: n, prog: prog, i: i, funcs: map[string]reflect.Value{},
		generic: map[string]bool{}, trace: trace}
	trace.lines.Store(&a.table)
	var names []string
	for _, u := range prog.units {
		d, ok := u.node.(*ast.FuncDecl)
		switch {
		case !ok || d.Recv != nil || d.Name.Name == "init":
		case d.Type.TypeParams != nil:
			g.generic[d.Name.Name] = true
		default:
			names = append(names, d.Name.Name)
		}
	}
	if len(names) == 0 {
		return g, nil
	}
	v, err := s.evalCtx(ctx, i, "[]interface{}{"+strings.Join(names, ", ")+"}")
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
	}
	if err != nil {
		return nil, fmt.Errorf("fetch functions %s: %w", strings.Join(names, ", "), err)
	}
	for k, name := range names {
		g.funcs[name] = v.Index(k).Elem()
	}
	return g, nil
}

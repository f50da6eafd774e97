package interp

import (
	"context"
	"fmt"
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
func (s *Session) buildGeneration(ctx context.Context, n int, prog *program, fallback origin) (*Generation, error) {
	trace := &traceFilter{w: s.opts.Stderr}
	i, err := s.newInterpreter(trace)
	if err != nil {
		return nil, fmt.Errorf("create interpreter: %w", err)
	}

	a := prog.assemble()
	if _, err := i.EvalWithContext(ctx, a.String()); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
		}
		if e := panicError(err, trace, a.table, fallback); e != nil {
			return nil, e
		}
		return nil, a.table.mapYaegiError(err, fallback)
	}
	return &Generation{n: n, prog: prog, i: i}, nil
}

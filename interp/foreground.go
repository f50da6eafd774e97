package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"reflect"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"

	yaegi "github.com/traefik/yaegi/interp"
)

// foreground is the interpreter that runs statements typed at the prompt:
// the current program evaluated afresh, plus one wrapper function per
// input. It is built when first needed and dropped when the program
// changes or an evaluation is interrupted, so the generation that stages
// use is never cancelled (cancelling yaegi stops every goroutine of the
// interpreter) and never races with the prompt.
type foreground struct {
	s     *Session
	i     *yaegi.Interpreter
	trace *traceFilter
	prog  lineTable       // the program's assembled lines
	funcs map[string]bool // names of the program's funcs and methods
	n     int             // wrappers compiled so far

	wrapsMu sync.Mutex           // goroutines the wrappers started read wraps
	wraps   map[string]lineTable // wrapper name -> its lines
}

// tableFor returns the lines a function named fn in a panic trace is in:
// a wrapper's own ("main.__pcfg3", or a function literal in it,
// "main.__pcfg3.func.func"), otherwise the program's.
func (fg *foreground) tableFor(fn string) *lineTable {
	name, _ := strings.CutPrefix(fn, "main.")
	if strings.HasPrefix(name, "__pcfg") {
		name, _, _ = strings.Cut(name, ".")
		fg.wrapsMu.Lock()
		defer fg.wrapsMu.Unlock()
		if t, ok := fg.wraps[name]; ok {
			return &t
		}
		return nil
	}
	return &fg.prog
}

// runForeground runs s once and renders its value, if it has one.
func (s *Session) runForeground(ctx context.Context, st *statements) (res Result, err error) {
	res = Result{Kind: NoValue, Generation: s.Current().n}
	fallback := origin{name: st.in.Name, line: st.in.Line}
	pprof.Do(ctx, pprof.Labels("pc.owner", "prompt"), func(ctx context.Context) {
		res, err = s.runLabelled(ctx, st, res, fallback)
	})
	if errors.Is(err, ErrInterrupted) {
		s.fg = nil
	}
	return res, err
}

func (s *Session) runLabelled(ctx context.Context, st *statements, res Result,
	fallback origin) (Result, error) {
	fg, err := s.foreground(ctx, fallback)
	if err != nil {
		return res, err
	}
	rewriteInput(newGoContext(s.Current().prog.units), st)

	// An expression whose result count is known to be 0 or 2+ needs no
	// value wrapper; otherwise try one and fall back to statements.
	expr := lonelyExpr(st)
	results := -1
	if expr != nil {
		results = fg.results(ctx, st, expr)
	}
	if results > 1 && isPrintCall(expr) {
		results = 0
	}
	if results > 1 {
		p := st.fset.Position(expr.Pos())
		return res, userError(st.in, p.Line-2, p.Column, fmt.Sprintf(
			"expression has %d values; keep them with a, b := ...", results))
	}

	// A name (x, pkg.V, v.Field) is read directly: through the wrapper's
	// any, yaegi hides what an interpreted func value is.
	if expr != nil && isSelectorChain(expr) {
		text := st.in.Src[st.offset(expr.Pos()):st.offset(expr.End())]
		v, err := fg.eval(ctx, text)
		if err == nil && v.IsValid() {
			res.Kind, res.Value = Value, render(v)
			return res, nil
		}
	}

	name := ""
	if expr != nil && results != 0 {
		name, err = fg.compile(ctx, st, true, fallback)
		if err == nil {
			res.Kind = Value
		}
	}
	if name == "" {
		name, err = fg.compile(ctx, st, false, fallback)
		if err != nil {
			return res, err
		}
	}

	fg.trace.take() // forget panics of goroutines started earlier
	v, err := fg.eval(ctx, name+"()")
	if err != nil {
		if ctx.Err() != nil {
			err := fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
			return Result{Generation: res.Generation}, err
		}
		if e := fg.panicError(err, name, fallback); e != nil {
			return Result{Generation: res.Generation}, e
		}
		return Result{Generation: res.Generation}, fmt.Errorf("%s: %w", st.in.Name, err)
	}
	if res.Kind == Value {
		res.Value = render(v)
	}
	return res, nil
}

// foreground returns the foreground interpreter, building it if needed.
func (s *Session) foreground(ctx context.Context, fallback origin) (*foreground, error) {
	if s.fg != nil {
		return s.fg, nil
	}
	trace := &traceFilter{w: s.opts.Stderr}
	i, err := s.newInterpreter(trace)
	if err != nil {
		return nil, fmt.Errorf("create interpreter: %w", err)
	}
	a := s.Current().prog.assemble()
	if _, err := s.evalCtx(ctx, i, a.String()); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
		}
		if e := panicError(err, trace, a.table, fallback); e != nil {
			return nil, e
		}
		return nil, a.table.mapYaegiError(err, fallback)
	}
	trace.lines.Store(&a.table)
	fg := &foreground{s: s, i: i, trace: trace, prog: a.table,
		wraps: map[string]lineTable{}, funcs: map[string]bool{}}
	for _, u := range s.Current().prog.units {
		if d, ok := u.node.(*ast.FuncDecl); ok {
			fg.funcs[d.Name.Name] = true
		}
	}
	tableFor := fg.tableFor
	trace.tableFor.Store(&tableFor)
	s.fg = fg
	return s.fg, nil
}

// compile defines a new wrapper function around st and returns its name.
// With value, the wrapper returns the value of st's lone expression.
func (fg *foreground) compile(ctx context.Context, st *statements, value bool,
	fallback origin) (string, error) {
	fg.n++
	name := "__pcfg" + strconv.Itoa(fg.n)
	a := newAssembly()
	src := st.src
	if value {
		a.addLine("func "+name+"() any {", origin{})
		a.addLine("return (", origin{})
		src = src[:st.valueEnd] + ")"
	} else {
		a.addLine("func "+name+"() {", origin{})
	}
	shifts := lineShifts(st.src, st.edits)
	for i, l := range inputLines(src) {
		o := origin{name: st.in.Name, line: st.in.Line + i, text: lineOf(st.in.Src, i)}
		if i < len(shifts) {
			o.shifts = shifts[i]
		}
		a.addLine(l, o)
	}
	a.addLine("}", origin{})

	if _, err := fg.eval(ctx, a.String()); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
		}
		return "", a.table.mapYaegiError(err, fallback)
	}
	fg.wrapsMu.Lock()
	fg.wraps[name] = a.table
	fg.wrapsMu.Unlock()
	return name, nil
}

// eval evaluates src in fg's interpreter (see Session.evalCtx).
func (fg *foreground) eval(ctx context.Context, src string) (reflect.Value, error) {
	return fg.s.evalCtx(ctx, fg.i, src)
}

func lineOf(src string, i int) string {
	ls := inputLines(src)
	if i < len(ls) {
		return ls[i]
	}
	return ""
}

// lonelyExpr returns the expression of st if st is one expression.
func lonelyExpr(st *statements) ast.Expr {
	if len(st.body) != 1 {
		return nil
	}
	if es, ok := st.body[0].(*ast.ExprStmt); ok {
		return es.X
	}
	return nil
}

// panicError describes a panic of fg's wrapper name, at the innermost
// interpreted frame the panic went through.
func (fg *foreground) panicError(err error, name string, fallback origin) *Error {
	var p yaegi.Panic
	if !errors.As(err, &p) {
		return nil
	}
	line, col, fn := fg.trace.take()
	msg := fmt.Sprintf("panic: %v", p.Value)
	if line == 0 {
		return &Error{Name: fallback.name, Line: fallback.line, Msg: msg}
	}

	// The trace names the function but not the file: a function of the
	// program is in the program's lines, anything else (the wrapper, a
	// function literal in it) in the wrapper's.
	fg.wrapsMu.Lock()
	table := fg.wraps[name]
	fg.wrapsMu.Unlock()
	if fn, ok := strings.CutPrefix(fn, "main."); ok && !strings.HasPrefix(fn, "__pcfg") {
		if fg.funcs[fn] {
			table = fg.prog
		}
	}
	return table.errorAt(line, col, msg, fallback)
}

// panicError describes a panic while evaluating an assembled program.
func panicError(err error, trace *traceFilter, table lineTable, fallback origin) *Error {
	var p yaegi.Panic
	if !errors.As(err, &p) {
		return nil
	}
	line, col, _ := trace.take()
	if line == 0 {
		return nil // a compiler panic, not a panic of the program
	}
	return table.errorAt(line, col, fmt.Sprintf("panic: %v", p.Value), fallback)
}

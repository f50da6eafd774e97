package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// A panic in a goroutine that interpreted code starts would end the whole
// process (yaegi cannot recover it for us). So every go statement in user
// source is rewritten before it is assembled:
//
//	go f(x, 1)
//
// becomes, on the same lines,
//
//	__pcg1 := x; go func() { defer func() { ...recover()... }(); f(__pcg1, 1) }()
//
// The callee and the arguments are evaluated at the go statement, as Go
// requires; constants (literals, true, false, nil, constants of the
// program) stay in place, so untyped constants keep working. The deferred
// function hands the panic to Options.OnGoPanic. It must be a closure: in
// yaegi, recover works only in a function literal of the panicking
// function, not in a named function deferred there.
//
// A go statement whose moved parts (a callee named by an identifier, a
// constant argument) span lines is left as it is.

const deferRecover = "func() { defer func() { if r := recover(); r != nil { __pc.GoPanic(r) } }(); "

// goTemps numbers the temporaries of rewritten go statements.
var goTemps atomic.Int64

// goContext is what the rewriter needs to know of the program.
type goContext struct {
	funcs   map[string]bool // top-level funcs: safe to call late
	consts  map[string]bool // top-level consts: keep inline
	imports map[string]bool // package names
}

func newGoContext(units ...[]*unit) goContext {
	c := goContext{funcs: map[string]bool{}, consts: map[string]bool{}, imports: map[string]bool{}}
	for _, us := range units {
		for _, u := range us {
			switch n := u.node.(type) {
			case *ast.FuncDecl:
				if n.Recv == nil {
					c.funcs[n.Name.Name] = true
				}
			case *ast.ImportSpec:
				name, _ := strconv.Unquote(n.Path.Value)
				name = path.Base(name)
				if n.Name != nil {
					name = n.Name.Name
				}
				c.imports[name] = true
			case *ast.GenDecl:
				if n.Tok == token.CONST {
					for _, k := range genNames(n) {
						c.consts[k] = true
					}
				}
			}
		}
	}
	return c
}

// rewriteUnits rewrites the go statements (and the selects, see
// selectsend.go) of us in place.
func rewriteUnits(c goContext, us []*unit) {
	for _, u := range us {
		if u.tok == token.IMPORT || u.fset == nil {
			continue
		}
		off := func(p token.Pos) int { return u.fset.Position(p).Offset - u.base }
		edits := append(c.goEdits(u.node, u.src, off), c.selectEdits(u.node, u.src, off)...)
		u.src, _, u.edits = applyEdits(u.src, edits, -1)
	}
}

// rewriteInput rewrites the go statements and selects of foreground
// input.
func rewriteInput(c goContext, st *statements) {
	var edits []edit
	for _, s := range st.body {
		edits = append(edits, c.goEdits(s, st.in.Src, st.offset)...)
		edits = append(edits, c.selectEdits(s, st.in.Src, st.offset)...)
	}
	st.valueEnd = st.offset(st.body[len(st.body)-1].End())
	st.src, st.valueEnd, st.edits = applyEdits(st.in.Src, edits, st.valueEnd)
}

// edit replaces src[from:to] with text.
type edit struct {
	from, to int
	text     string
}

// applyEdits applies non-overlapping edits, maps the offset at, and says
// where each edit's text is in the result.
func applyEdits(src string, edits []edit, at int) (string, int, []doneEdit) {
	slices.SortFunc(edits, func(a, b edit) int { return a.from - b.from })
	var b strings.Builder
	last, mapped := 0, at
	done := make([]doneEdit, 0, len(edits))
	for _, e := range edits {
		b.WriteString(src[last:e.from])
		done = append(done, doneEdit{at: b.Len(), text: e.text, was: src[e.from:e.to]})
		b.WriteString(e.text)
		if at >= e.to {
			mapped += len(e.text) - (e.to - e.from)
		}
		last = e.to
	}
	b.WriteString(src[last:])
	return b.String(), mapped, done
}

// doneEdit is an edit as applied: text stands at offset at of the result,
// where the source had was.
type doneEdit struct {
	at        int
	text, was string
}

// lineShifts returns, for each line of out (the result of edits), how its
// columns map to the user's: the shifts of the edits on it, in order, or
// nil for a line without edits. A line that an edit spans across a
// newline gets unknownCols.
func lineShifts(out string, edits []doneEdit) [][]shift {
	lines := make([][]shift, strings.Count(out, "\n")+1)
	for _, e := range edits {
		first := strings.Count(out[:e.at], "\n")
		if strings.Contains(e.text, "\n") || strings.Contains(e.was, "\n") {
			for l := first; l <= first+strings.Count(e.text, "\n") && l < len(lines); l++ {
				lines[l] = unknownCols
			}
			continue
		}
		if len(lines[first]) > 0 && lines[first][0] == unknownCols[0] {
			continue
		}
		col := e.at - (strings.LastIndexByte(out[:e.at], '\n') + 1) + 1
		lines[first] = append(lines[first], shift{col: col, n: len(e.text), was: len(e.was)})
	}
	return lines
}

// goEdits returns the edits that rewrite every go statement in n.
func (c goContext) goEdits(n ast.Node, src string, off func(token.Pos) int) []edit {
	var edits []edit
	ast.Inspect(n, func(n ast.Node) bool {
		if g, ok := n.(*ast.GoStmt); ok {
			edits = append(edits, c.goStmtEdits(g, src, off)...)
		}
		return true
	})
	return edits
}

// goStmtEdits rewrites one go statement, keeping its lines: every edit
// keeps the newlines of the text it replaces.
func (c goContext) goStmtEdits(g *ast.GoStmt, src string, off func(token.Pos) int) []edit {
	call := g.Call
	text := func(e ast.Node) string { return src[off(e.Pos()):off(e.End())] }
	keepLines := func(s, replaced string) string {
		return s + strings.Repeat("\n", strings.Count(replaced, "\n"))
	}

	// Which expressions become temporaries, evaluated at the go statement.
	lateCallee := c.safeLate(call.Fun)
	var temps []ast.Expr
	if !lateCallee {
		temps = append(temps, call.Fun)
	}
	for _, a := range call.Args {
		if !c.constant(a) {
			temps = append(temps, a)
		}
	}
	if len(temps) == 0 {
		// go f(1) or go func() { ... }(): wrap it where it stands.
		return []edit{
			{off(call.Pos()), off(call.Pos()), deferRecover},
			{off(call.End()), off(call.End()), " }()"},
		}
	}

	// The inner call, naming each temporary.
	names := map[ast.Expr]string{}
	var lhs []string
	for _, t := range temps {
		names[t] = fmt.Sprintf("__pcg%d", goTemps.Add(1))
		lhs = append(lhs, names[t])
	}
	name := func(e ast.Expr) string {
		if n, ok := names[e]; ok {
			return n
		}
		return text(e)
	}
	var args []string
	for _, a := range call.Args {
		args = append(args, name(a))
	}
	inner := name(call.Fun) + "(" + strings.Join(args, ", ")
	if call.Ellipsis.IsValid() {
		inner += "..."
	}
	inner += ")"
	if strings.Contains(inner, "\n") {
		return nil // a moved constant or callee spans lines: leave it
	}

	// Temporaries stay where they are; what lies between them goes.
	var edits []edit
	from := off(g.Pos())
	for i, t := range temps {
		sep := ", "
		if i == 0 {
			sep = strings.Join(lhs, ", ") + " := "
		}
		gap := src[from:off(t.Pos())]
		edits = append(edits, edit{from, off(t.Pos()), keepLines(sep, gap)})
		from = off(t.End())
	}
	gap := src[from:off(call.End())]
	tail := "; go " + deferRecover + inner + " }()"
	edits = append(edits, edit{from, off(call.End()), keepLines(tail, gap)})
	return edits
}

// safeLate reports whether the callee may be evaluated in the goroutine:
// a function literal without arguments is handled by the caller, a
// top-level function or builtin, or a function of an imported package.
func (c goContext) safeLate(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.FuncLit:
		return true
	case *ast.Ident:
		return c.funcs[f.Name] || builtins[f.Name]
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && c.imports[x.Name]
	}
	return false
}

// constant reports whether e is a constant that must stay untyped.
func (c goContext) constant(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return c.consts[e.Name] || e.Name == "true" || e.Name == "false" ||
			e.Name == "nil" || e.Name == "iota"
	case *ast.UnaryExpr:
		return c.constant(e.X)
	case *ast.BinaryExpr:
		return c.constant(e.X) && c.constant(e.Y)
	}
	return false
}

var builtins = map[string]bool{
	"append": true, "cap": true, "clear": true, "close": true, "complex": true,
	"copy": true, "delete": true, "imag": true, "len": true, "make": true,
	"max": true, "min": true, "new": true, "panic": true, "print": true,
	"println": true, "real": true, "recover": true,
}

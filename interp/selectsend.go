package interp

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"strings"
	"sync/atomic"
)

// yaegi v0.16.1 evaluates the value of a send case of a select wrongly
// when a call is nested in it: in `case out <- Msg{Text: f()}:` the field
// comes out empty, `[]string{f()}` sends [""], `f() + "x"` sends "x", and a
// function literal called there is "call of nil function". A top-level call
// (`case out <- f():`) and anything without a call are right, and so is a
// value computed before the select. So such values are moved there:
//
//	select { case out <- Msg{Text: f()}: ... }
//
// becomes, with the lines kept,
//
//	{ __pcs1 := Msg{Text: f()}; select { case out <- __pcs1: ... } }
//
// Go evaluates a select's send values once, on entering it, as the block
// now does. Channel operands stay in place, evaluated after the moved
// values rather than in source order between them. An error inside a
// moved value is reported at the line of the select. A value that spans
// lines is joined onto that line; one with a raw string spanning lines,
// or holding a go statement or a select, is left as it is.

// selectTemps numbers the temporaries of rewritten selects.
var selectTemps atomic.Int64

// selectEdits returns the edits that rewrite every select in n.
func selectEdits(n ast.Node, src string, off func(token.Pos) int) []edit {
	var edits []edit
	labelled := map[*ast.SelectStmt]ast.Stmt{}
	ast.Inspect(n, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.LabeledStmt:
			if sel, ok := s.Stmt.(*ast.SelectStmt); ok {
				labelled[sel] = s
			}
		case *ast.SelectStmt:
			var whole ast.Stmt = s
			if l, ok := labelled[s]; ok {
				whole = l // the block goes around the label too
			}
			edits = append(edits, selectStmtEdits(s, whole, src, off)...)
		}
		return true
	})
	return edits
}

// selectStmtEdits moves the send values of s that nest a call before it.
func selectStmtEdits(s *ast.SelectStmt, whole ast.Stmt, src string,
	off func(token.Pos) int) []edit {
	var moved []edit // each value replaced by its temporary
	var hoist strings.Builder
	for _, c := range s.Body.List {
		send, ok := c.(*ast.CommClause).Comm.(*ast.SendStmt)
		if !ok || !nestsCall(send.Value) {
			continue
		}
		if holds[*ast.GoStmt](send.Value) || holds[*ast.SelectStmt](send.Value) {
			return nil
		}
		text := src[off(send.Value.Pos()):off(send.Value.End())]
		one, ok := oneLine(text)
		if !ok {
			return nil
		}
		name := fmt.Sprintf("__pcs%d", selectTemps.Add(1))
		fmt.Fprintf(&hoist, "%s := %s; ", name, one)
		// The lines of the value stay, before the name: a line break
		// after it would end the statement before its colon.
		moved = append(moved, edit{off(send.Value.Pos()), off(send.Value.End()),
			strings.Repeat("\n", strings.Count(text, "\n")) + name})
	}
	if len(moved) == 0 {
		return nil
	}
	return append(moved,
		edit{off(whole.Pos()), off(whole.Pos()), "{ " + hoist.String()},
		edit{off(whole.End()), off(whole.End()), " }"})
}

// nestsCall reports whether e holds a call or function literal below its
// top: f(x) does not, g(f(x)), T{f(x)} and f(x)+1 do.
func nestsCall(e ast.Expr) bool {
	top := ast.Unparen(e)
	if call, ok := top.(*ast.CallExpr); ok {
		for _, a := range call.Args {
			if holds[*ast.CallExpr](a) || holds[*ast.FuncLit](a) {
				return true
			}
		}
		return holds[*ast.FuncLit](call.Fun)
	}
	return holds[*ast.CallExpr](top) || holds[*ast.FuncLit](top)
}

// holds reports whether n has a node of type T in it, n included.
func holds[T ast.Node](n ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if _, ok := m.(T); ok {
			found = true
		}
		return !found
	})
	return found
}

// oneLine returns the expression text on one line: its tokens, spaced,
// comments dropped, a line break between statements as "; ". ok is false
// for a raw string that spans lines.
func oneLine(text string) (string, bool) {
	if !strings.Contains(text, "\n") {
		return text, true
	}
	var sc scanner.Scanner
	fs := token.NewFileSet()
	sc.Init(fs.AddFile("", -1, len(text)), []byte(text), nil, 0)
	var b strings.Builder
	for {
		_, tok, lit := sc.Scan()
		switch {
		case tok == token.EOF:
			return strings.TrimSuffix(strings.TrimSpace(b.String()), ";"), true
		case tok == token.SEMICOLON && lit == "\n":
			b.WriteString("; ")
		case strings.Contains(lit, "\n"):
			return "", false
		case lit != "":
			b.WriteString(lit + " ")
		default:
			b.WriteString(tok.String() + " ")
		}
	}
}

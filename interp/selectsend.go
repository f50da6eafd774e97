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
// unless it is a plain name or a constant: in `case out <- Msg{Text: f()}:`
// the field comes out empty, `m.N + 1` sends 1, `fmt.Sprint(m.N)` sends
// "0", and a function literal called there is "call of nil function".
// A value computed before the select is right. So such values are moved
// there:
//
//	select { case out <- Msg{Text: f()}: ... }
//
// becomes, with the lines kept,
//
//	{ __pcs1 := Msg{Text: f()}; select { case out <- __pcs1: ... } }
//
// Go evaluates a select's send values once, on entering it, as the block
// now does. Channel operands stay in place, evaluated after the moved
// values rather than in source order between them. Constants stay in
// place, so that an untyped one still takes the channel's element type.
// An error inside a moved value is reported at the line of the select. A
// value that spans lines is joined onto that line; one with a raw string
// spanning lines, or holding a go statement or a select, is left as it is.
//
// A receive that assigns (`case n = <-in:`, `case n, ok = <-in:`) makes
// yaegi panic ("reflect.Select: invalid Dir"); it becomes a receive into
// temporaries, assigned first thing in the case:
//
//	case __pcr1, __pcr2 := <-in: n, ok = __pcr1, __pcr2; ...

// selectTemps numbers the temporaries of rewritten selects.
var selectTemps atomic.Int64

// selectEdits returns the edits that rewrite every select in n.
func (c goContext) selectEdits(n ast.Node, src string, off func(token.Pos) int) []edit {
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
			edits = append(edits, c.selectStmtEdits(s, whole, src, off)...)
		}
		return true
	})
	return edits
}

// selectStmtEdits moves the send values of s that yaegi gets wrong before
// it, and turns its assigning receives into receives into temporaries.
func (c goContext) selectStmtEdits(s *ast.SelectStmt, whole ast.Stmt, src string,
	off func(token.Pos) int) []edit {
	var edits []edit
	var hoist strings.Builder
	for _, cc := range s.Body.List {
		clause := cc.(*ast.CommClause)
		if as, ok := clause.Comm.(*ast.AssignStmt); ok && as.Tok == token.ASSIGN {
			edits = append(edits, assignRecvEdits(as, clause, src, off)...)
			continue
		}
		send, ok := clause.Comm.(*ast.SendStmt)
		if !ok || !c.mustMove(send.Value) {
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
		edits = append(edits, edit{off(send.Value.Pos()), off(send.Value.End()),
			strings.Repeat("\n", strings.Count(text, "\n")) + name})
	}
	if hoist.Len() == 0 {
		return edits
	}
	return append(edits,
		edit{off(whole.Pos()), off(whole.Pos()), "{ " + hoist.String()},
		edit{off(whole.End()), off(whole.End()), " }"})
}

// mustMove reports whether a send value must be computed before the
// select: anything but a name or a constant.
func (c goContext) mustMove(e ast.Expr) bool {
	if _, ok := ast.Unparen(e).(*ast.Ident); ok {
		return false
	}
	return !c.constant(e)
}

// assignRecvEdits turns `case a, b = <-ch:` into a receive into
// temporaries and the assignment, on the same line.
func assignRecvEdits(as *ast.AssignStmt, clause *ast.CommClause, src string,
	off func(token.Pos) int) []edit {
	lhs := src[off(as.Lhs[0].Pos()):off(as.Lhs[len(as.Lhs)-1].End())]
	if strings.Contains(lhs, "\n") {
		return nil
	}
	var temps []string
	for range as.Lhs {
		temps = append(temps, fmt.Sprintf("__pcr%d", selectTemps.Add(1)))
	}
	list := strings.Join(temps, ", ")
	return []edit{
		{off(as.Lhs[0].Pos()), off(as.TokPos) + 1, list + " :="},
		{off(clause.Colon) + 1, off(clause.Colon) + 1, " " + lhs + " = " + list + ";"},
	}
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

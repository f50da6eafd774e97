package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// Split cuts an input of several statements (a := 1; a + 1, typed on one
// line) into one input per statement, to be evaluated in order as if each
// had been typed on its own: a := 1 then defines a, the next statement
// sees it, and a value is shown for each expression. Each part keeps its
// place: its Line, and its columns, as it starts with one space for each
// column before it. Anything else comes back whole: declarations, a single
// statement, input that does not parse (Eval gives its error), and
// statements among which one is labelled (a goto or a labelled break may
// reach from one statement into another).
func Split(in Input) []Input {
	if _, err := parser.ParseFile(token.NewFileSet(), "", filePrefix+in.Src,
		parser.SkipObjectResolution); err == nil {
		return []Input{in}
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", stmtPrefix+in.Src+stmtSuffix, parser.SkipObjectResolution)
	if err != nil {
		return []Input{in}
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) < 2 {
		return []Input{in}
	}
	for _, st := range body {
		if _, ok := st.(*ast.LabeledStmt); ok {
			return []Input{in}
		}
	}
	offset := func(p token.Pos) int { return fset.Position(p).Offset - len(stmtPrefix) }
	parts := make([]Input, 0, len(body))
	for i, st := range body {
		from, to := offset(st.Pos()), len(in.Src)
		if i+1 < len(body) {
			to = offset(body[i+1].Pos())
		}
		before := in.Src[:from]
		lineStart := strings.LastIndexByte(before, '\n') + 1
		parts = append(parts, Input{
			Name: in.Name,
			Line: in.Line + strings.Count(before, "\n"),
			Src:  strings.Repeat(" ", from-lineStart) + in.Src[from:to],
		})
	}
	return parts
}

package interp

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// The two ways classify parses an input. Each prefix ends with a newline,
// so columns of the input stay as they are.
const (
	filePrefix = "package main\n"
	stmtPrefix = "package main\nfunc _() {\n"
	stmtSuffix = "\n}\n"
)

// classified is an input sorted into definitions or foreground statements.
type classified struct {
	units []*unit     // declarations, or one var from x := ...
	stmts *statements // foreground input; nil for definitions
}

// statements is foreground input parsed inside a function body.
type statements struct {
	in  Input
	src string // in.Src with go statements rewritten
	// valueEnd is the offset in src where the last statement ends.
	valueEnd int
	edits    []doneEdit // the rewrites that made src, for columns
	fset     *token.FileSet
	body     []ast.Stmt
}

// offset is the byte offset in in.Src of p.
func (s *statements) offset(p token.Pos) int {
	return s.fset.Position(p).Offset - len(stmtPrefix)
}

// classify parses in. Input that parses as a file of declarations defines
// them; otherwise it is parsed as statements, and a lone short variable
// declaration defines a variable. If neither parse works, the error is the
// one of the parse the input looks meant for: declarations when it starts
// with func, type, var, const or import.
func classify(in Input) (classified, error) {
	fset := token.NewFileSet()
	f, ferr := parser.ParseFile(fset, "", filePrefix+in.Src, parser.SkipObjectResolution)
	if ferr == nil {
		us, err := fileUnits(in, fset, f, filePrefix)
		for _, u := range us {
			u.cmp = normal(u.src)
		}
		return classified{units: us}, err
	}

	sfset := token.NewFileSet()
	sf, serr := parser.ParseFile(sfset, "", stmtPrefix+in.Src+stmtSuffix,
		parser.SkipObjectResolution)
	if serr == nil {
		body := sf.Decls[0].(*ast.FuncDecl).Body.List
		s := &statements{in: in, fset: sfset, body: body}
		if u := shortVarUnit(s); u != nil {
			u.cmp = normal(u.src)
			return classified{units: []*unit{u}}, nil
		}
		return classified{stmts: s}, nil
	}

	if startsDecl(in.Src) {
		return classified{}, syntaxError(in, ferr, 1)
	}
	return classified{}, syntaxError(in, serr, 2)
}

// startsDecl reports whether src's first token is a declaration keyword.
func startsDecl(src string) bool {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	_, tok, _ := s.Scan()
	switch tok {
	case token.FUNC, token.TYPE, token.VAR, token.CONST, token.IMPORT:
		return true
	}
	return false
}

// syntaxError maps a go/parser error to in, whose first line is line
// 1+extra of the parsed text.
func syntaxError(in Input, err error, extra int) error {
	var list scanner.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return &Error{Name: in.Name, Line: in.Line, Msg: err.Error()}
	}
	p := list[0].Pos
	line := max(p.Line-extra, 1)
	if n := strings.Count(in.Src, "\n") + 1; line > n {
		line = n
	}
	return userError(in, line, p.Column, list[0].Msg)
}

// fileUnits makes one unit per declaration of f, which was parsed from
// prefix+in.Src.
func fileUnits(in Input, fset *token.FileSet, f *ast.File, prefix string) ([]*unit, error) {
	src := prefix + in.Src
	lines := inputLines(in.Src)
	mk := func(n ast.Node, tok token.Token, names []string) *unit {
		start, end := fset.Position(n.Pos()), fset.Position(n.End())
		line := start.Line - 1 // the prefix is one line
		return &unit{
			names: names, tok: tok, node: n,
			keep: markedKeep(lines, line, end.Line-1),
			src:  src[start.Offset:end.Offset],
			fset: fset, base: start.Offset,
			name: in.Name, line: in.Line + line - 1, col: start.Column,
			text: lines[line-1 : min(end.Line-1, len(lines))],
		}
	}

	var us []*unit
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			name := funcKey(d)
			if name == "main" && d.Recv == nil {
				p := fset.Position(d.Name.Pos())
				return nil, userError(in, p.Line-1, p.Column,
					"func main cannot be defined: the interpreter would run it "+
						"again after every input; give it another name, such as run")
			}
			us = append(us, mk(d, token.FUNC, []string{name}))
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				for _, spec := range d.Specs {
					is := spec.(*ast.ImportSpec)
					u := mk(is, token.IMPORT, []string{is.Path.Value})
					u.src = "import " + u.src
					u.col -= len("import ")
					us = append(us, u)
				}
				continue
			}
			us = append(us, mk(d, d.Tok, genNames(d)))
		}
	}
	return us, nil
}

// funcKey is "f" for a function and "T.M" for a method of T or *T.
func funcKey(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	return recvTypeName(d.Recv.List[0].Type) + "." + d.Name.Name
}

func recvTypeName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return fmt.Sprintf("%T", e)
		}
	}
}

// genNames lists the names a type, var or const declaration declares.
func genNames(d *ast.GenDecl) []string {
	var ns []string
	for _, spec := range d.Specs {
		switch s := spec.(type) {
		case *ast.TypeSpec:
			ns = append(ns, s.Name.Name)
		case *ast.ValueSpec:
			for _, n := range s.Names {
				ns = append(ns, n.Name)
			}
		}
	}
	return ns
}

// shortVarUnit turns a lone x := expr (or a, b := f()) into the unit
// var x = expr, or returns nil.
func shortVarUnit(s *statements) *unit {
	if len(s.body) != 1 {
		return nil
	}
	as, ok := s.body[0].(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE {
		return nil
	}
	var names []string
	for _, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return nil
		}
		names = append(names, id.Name)
	}

	// var a, b  = f(): ":=" becomes " =", so every column past "var "
	// is the user's plus four.
	src := s.in.Src
	from, to := s.offset(as.Pos()), s.offset(as.End())
	op := s.offset(as.TokPos)
	text := "var " + src[from:op] + " =" + src[op+2:to]
	start := s.fset.Position(as.Pos())
	line := start.Line - 2 // stmtPrefix is two lines
	end := s.fset.Position(as.End()).Line - 2
	lines := inputLines(src)
	return &unit{
		names: names, tok: token.VAR, keep: markedKeep(lines, line, end),
		node: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Values: as.Rhs},
		}},
		src:  text,
		fset: s.fset, base: len(stmtPrefix) + from - len("var "),
		name: s.in.Name, line: s.in.Line + line - 1,
		col:  start.Column - len("var "),
		text: lines[line-1 : min(end, len(lines))],
	}
}

package interp

import (
	"context"
	"go/ast"
	"reflect"
)

// printFuncs are the functions and methods whose results (n int, err
// error) nobody wants to see: a call of one runs as a statement.
var printFuncs = map[string]bool{
	"Print": true, "Println": true, "Printf": true,
	"Fprint": true, "Fprintln": true, "Fprintf": true,
	"Write": true, "WriteString": true,
}

// isPrintCall reports whether expr is a call of x.F for a printFuncs F.
func isPrintCall(expr ast.Expr) bool {
	call, ok := ast.Unparen(expr).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && printFuncs[sel.Sel.Name]
}

// noValueBuiltins are the builtins whose call has no value.
var noValueBuiltins = map[string]bool{
	"print": true, "println": true, "panic": true, "close": true,
	"delete": true, "clear": true,
}

// results returns how many values expr has when that is easy to know
// (a call of a named function, a method or a function literal), else -1.
func (fg *foreground) results(ctx context.Context, st *statements, expr ast.Expr) int {
	call, ok := ast.Unparen(expr).(*ast.CallExpr)
	if !ok {
		return -1
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		return fieldCount(fun.Type.Results)
	case *ast.Ident:
		if noValueBuiltins[fun.Name] {
			return 0
		}
	}
	if !isSelectorChain(call.Fun) {
		return -1
	}
	text := st.in.Src[st.offset(call.Fun.Pos()):st.offset(call.Fun.End())]
	v, err := fg.eval(ctx, text)
	if err != nil || !v.IsValid() || v.Kind() != reflect.Func {
		return -1
	}
	return v.Type().NumOut()
}

func fieldCount(fl *ast.FieldList) int {
	if fl == nil {
		return 0
	}
	n := 0
	for _, f := range fl.List {
		n += max(len(f.Names), 1)
	}
	return n
}

// isSelectorChain reports whether e is x or x.y.z, which are safe to
// evaluate on their own.
func isSelectorChain(e ast.Expr) bool {
	for {
		switch t := e.(type) {
		case *ast.Ident:
			return true
		case *ast.SelectorExpr:
			e = t.X
		default:
			return false
		}
	}
}

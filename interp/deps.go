package interp

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// DependsOn reports whether fn, or anything it calls or uses, transitively,
// is one of names. Names are keys as in Generation.Names.
//
// It reads the source, not types. A name declared inside a function (a
// parameter, a result, a := or var, a range variable) counts as local
// throughout that function, so func half(n int) does not depend on a
// package-level n; a field name after a dot never counts. Otherwise it
// errs on the side of yes: x.M counts as every method named M; using a
// type counts as using all its methods; a struct literal's field key
// counts as the definition of the same name.
func (g *Generation) DependsOn(fn string, names []string) bool {
	g.depsOnce.Do(g.buildDeps)
	seen := map[string]bool{}
	todo := []string{fn}
	for len(todo) > 0 {
		k := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[k] {
			continue
		}
		seen[k] = true
		if slices.Contains(names, k) {
			return true
		}
		todo = append(todo, g.deps[k]...)
	}
	return false
}

// buildDeps finds, for every definition, the definitions it refers to.
func (g *Generation) buildDeps() {
	top := map[string]bool{}         // plain names: funcs, types, vars, consts
	methods := map[string][]string{} // method name -> "T.M" keys
	byType := map[string][]string{}  // type name -> its "T.M" keys
	for _, k := range g.prog.names() {
		if t, m, ok := strings.Cut(k, "."); ok && !strings.HasPrefix(k, `"`) {
			methods[m] = append(methods[m], k)
			byType[t] = append(byType[t], k)
			continue
		}
		top[k] = true
	}

	g.deps = map[string][]string{}
	for _, u := range g.prog.units {
		if u.tok == token.IMPORT {
			continue
		}
		var refs []string
		for _, body := range declBodies(u.node) {
			local := localNames(body)
			ast.Inspect(body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.Ident:
					if top[n.Name] && !local[n.Name] {
						refs = append(refs, n.Name)
						refs = append(refs, byType[n.Name]...)
					}
				case *ast.SelectorExpr:
					refs = append(refs, methods[n.Sel.Name]...)
					ast.Inspect(n.X, func(m ast.Node) bool { // not n.Sel
						if id, ok := m.(*ast.Ident); ok && top[id.Name] && !local[id.Name] {
							refs = append(refs, id.Name)
							refs = append(refs, byType[id.Name]...)
						}
						return true
					})
					return false
				case *ast.StructType:
					for _, f := range n.Fields.List { // field types, not names
						ast.Inspect(f.Type, func(m ast.Node) bool {
							if id, ok := m.(*ast.Ident); ok && top[id.Name] {
								refs = append(refs, id.Name)
							}
							return true
						})
					}
					return false
				}
				return true
			})
		}
		for _, k := range u.names {
			g.deps[k] = append(g.deps[k], refs...)
			// A method depends on its receiver type.
			if t, _, ok := strings.Cut(k, "."); ok {
				g.deps[k] = append(g.deps[k], t)
			}
		}
	}
}

// declBodies returns the parts of a declaration whose names it uses: a
// whole func declaration, or the types and values of a var, const or type
// declaration (its own names are definitions, not uses).
func declBodies(node ast.Node) []ast.Node {
	gd, ok := node.(*ast.GenDecl)
	if !ok {
		return []ast.Node{node}
	}
	var parts []ast.Node
	for _, spec := range gd.Specs {
		switch sp := spec.(type) {
		case *ast.ValueSpec:
			if sp.Type != nil {
				parts = append(parts, sp.Type)
			}
			for _, v := range sp.Values {
				parts = append(parts, v)
			}
		case *ast.TypeSpec:
			parts = append(parts, sp.Type)
		}
	}
	return parts
}

// localNames collects the names declared inside node's functions:
// receivers, parameters, results, :=, var and const statements, range
// variables.
func localNames(node ast.Node) map[string]bool {
	local := map[string]bool{}
	fields := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, f := range fl.List {
			for _, id := range f.Names {
				local[id.Name] = true
			}
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			fields(n.Recv)
		case *ast.FuncType:
			fields(n.Params)
			fields(n.Results)
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, e := range n.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						local[id.Name] = true
					}
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						local[id.Name] = true
					}
				}
			}
		case *ast.DeclStmt:
			if gd, ok := n.Decl.(*ast.GenDecl); ok {
				for _, spec := range gd.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						for _, id := range vs.Names {
							local[id.Name] = true
						}
					}
				}
			}
		}
		return true
	})
	return local
}

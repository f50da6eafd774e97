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
// It reads the source, not types, so it errs on the side of yes: an
// identifier that names a definition counts even where a local variable
// shadows it; x.M counts as every method named M; using a type counts as
// using all its methods.
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
		ast.Inspect(u.node, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if top[n.Name] {
					refs = append(refs, n.Name)
					refs = append(refs, byType[n.Name]...)
				}
			case *ast.SelectorExpr:
				refs = append(refs, methods[n.Sel.Name]...)
			}
			return true
		})
		for _, k := range u.names {
			g.deps[k] = append(g.deps[k], refs...)
			// A method depends on its receiver type.
			if t, _, ok := strings.Cut(k, "."); ok {
				g.deps[k] = append(g.deps[k], t)
			}
		}
	}
}

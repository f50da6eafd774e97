package interp

import (
	"go/token"
	"slices"
	"strings"
)

// Closure returns the definitions fn depends on, fn included, as keys
// (see Names) and as the user's source of those definitions, in program
// order, every import of the generation first, one import per line. Evaluating that source in
// a later session state defines again what fn ran in g: it is how a
// console rolls a stage back. The source is the user's lines, not what
// the interpreter ran (go statements are rewritten only then). It reads
// dependencies as DependsOn does, so it errs on the side of too much.
//
// Variables fn uses are part of the closure: evaluating it gives a
// variable whose declaration differs from the current one its old
// initialiser (see Takeover).
func (g *Generation) Closure(fn string) (names []string, src string) {
	g.depsOnce.Do(g.buildDeps)
	reach := map[string]bool{}
	todo := []string{fn}
	for len(todo) > 0 {
		k := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if !reach[k] {
			reach[k] = true
			todo = append(todo, g.deps[k]...)
		}
	}

	var imports, decls []string
	seen := map[string]bool{} // one line may hold several definitions
	for _, u := range g.prog.units {
		in := u.tok == token.IMPORT
		if !in && !slices.ContainsFunc(u.names, func(k string) bool { return reach[k] }) {
			continue
		}
		text := strings.Join(u.text, "\n")
		if in {
			text = u.src // "import" and one spec, even from a group
		}
		if text == "" || seen[text] {
			continue
		}
		seen[text] = true
		if in {
			imports = append(imports, text)
			continue
		}
		names = append(names, u.names...)
		decls = append(decls, text)
	}
	return names, strings.Join(append(imports, decls...), "\n")
}

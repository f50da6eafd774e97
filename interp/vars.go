package interp

import (
	"go/token"
	"slices"
)

// Vars lists the package-level variables of the program, in the order
// they were defined.
func (g *Generation) Vars() []string {
	var names []string
	for _, u := range g.prog.units {
		if u.tok == token.VAR {
			names = append(names, slices.DeleteFunc(slices.Clone(u.names),
				func(n string) bool { return n == "_" })...)
		}
	}
	return names
}

// Var returns the value that the package-level variable name holds in this
// generation: the state its stages see, which the prompt's own interpreter
// does not share. It reads the variable as it is; a caller that reads
// while stages run and write it races with them, so pause them first.
// Goroutines that user code started are not paused by anything.
func (g *Generation) Var(name string) (value any, ok bool) {
	if g.i == nil || !slices.Contains(g.Vars(), name) {
		return nil, false
	}
	v, ok := g.i.Globals()[name]
	if !ok || !v.IsValid() || !v.CanInterface() {
		return nil, false
	}
	return v.Interface(), true
}

package interp

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// unit is one top-level definition: a function, a method, an import, or
// one type, var or const declaration (a parenthesised group stays one unit,
// so iota and implicit repetition keep working).
type unit struct {
	names []string    // keys: "f", "T.M", "T", "x", `"strings"` for an import
	tok   token.Token // FUNC, IMPORT, TYPE, VAR or CONST
	src   string      // source as it goes into the assembled file
	cmp   string      // the user's source, normalised, to detect changes
	node  ast.Node    // parsed declaration, for dependencies
	keep  bool        // marked //pc:keep (see keep.go)

	// Offsets of node's positions in fset, minus base, are offsets in
	// src before any go statement is rewritten.
	fset *token.FileSet
	base int

	name string   // Input.Name
	line int      // line of name where src starts
	col  int      // column of name where src starts
	text []string // the user's lines that src spans
	// edits are the rewrites made to src (gopanic.go), for columns.
	edits []doneEdit
}

// program is the ordered set of definitions of a session. It is never
// changed in place: with returns a new program.
type program struct {
	units []*unit
}

// names returns every key the program defines, in order.
func (p *program) names() []string {
	var ns []string
	for _, u := range p.units {
		ns = append(ns, u.names...)
	}
	return ns
}

// lookup returns the unit that defines name, or nil.
func (p *program) lookup(name string) *unit {
	for _, u := range p.units {
		if slices.Contains(u.names, name) {
			return u
		}
	}
	return nil
}

// with returns p with us defined: a unit replaces every unit that defines
// one of its names, taking the place of the first; a new name goes last.
// Redefining one name of a group (var a, b = 1, 2) drops the whole old
// group. changed lists the new units' names whose source differs.
func (p *program) with(us []*unit) (next *program, changed []string) {
	units := slices.Clone(p.units)
	for _, u := range us {
		at := -1
		for i := 0; i < len(units); i++ {
			if !overlaps(units[i], u) {
				continue
			}
			old := units[i]
			for _, n := range u.names {
				if !slices.Contains(old.names, n) || old.cmp != u.cmp {
					if !slices.Contains(changed, n) {
						changed = append(changed, n)
					}
				}
			}
			if at < 0 {
				at = i
				units[i] = u
				continue
			}
			units = slices.Delete(units, i, i+1)
			i--
		}
		if at < 0 {
			units = append(units, u)
			for _, n := range u.names {
				if !slices.Contains(changed, n) {
					changed = append(changed, n)
				}
			}
		}
	}
	return &program{units: units}, changed
}

// takenFrom maps each name of us that a unit of another .go file defines
// in p to that file.
func (p *program) takenFrom(us []*unit) map[string]string {
	var taken map[string]string
	for _, u := range us {
		for _, old := range p.units {
			if old.name == u.name || !strings.HasSuffix(old.name, ".go") ||
				!strings.HasSuffix(u.name, ".go") || !overlaps(old, u) {
				continue
			}
			for _, n := range u.names {
				if slices.Contains(old.names, n) {
					if taken == nil {
						taken = map[string]string{}
					}
					taken[n] = old.name
				}
			}
		}
	}
	return taken
}

func overlaps(a, b *unit) bool {
	for _, n := range b.names {
		if slices.Contains(a.names, n) {
			return true
		}
	}
	return false
}

// normal is src with runs of white space made one space, so re-typing a
// definition with other indentation does not count as a change.
func normal(src string) string {
	return strings.Join(strings.Fields(src), " ")
}

// assembly is a Go source file being built with its line table.
type assembly struct {
	b     strings.Builder
	table lineTable // table[l] is the origin of line l; table[0] unused
}

func newAssembly() *assembly {
	a := &assembly{table: lineTable{{}}}
	a.addLine("package main", origin{})
	return a
}

// addLine appends one line the assembler wrote itself or that maps to o.
func (a *assembly) addLine(s string, o origin) {
	a.b.WriteString(s)
	a.b.WriteByte('\n')
	a.table = append(a.table, o)
}

// addUnit appends u's source, mapping each line to the user's.
func (a *assembly) addUnit(u *unit) {
	shifts := lineShifts(u.src, u.edits)
	for i, l := range strings.Split(u.src, "\n") {
		o := origin{name: u.name, line: u.line + i, shifts: shifts[i]}
		if i < len(u.text) {
			o.text = u.text[i]
		}
		if i == 0 {
			o.colShift = u.col - 1
		}
		a.addLine(l, o)
	}
}

func (a *assembly) String() string { return a.b.String() }

// assemble writes the whole program as one file: imports first, each path
// once, then every other definition in order.
func (p *program) assemble() *assembly {
	a := newAssembly()
	a.addLine(`import __pc "pipeconsole/pc"`, origin{})
	for _, u := range p.units {
		if u.tok == token.IMPORT {
			a.addUnit(u)
		}
	}
	a.addLine("var _ = __pc.GoPanic", origin{})
	for _, u := range p.units {
		if u.tok != token.IMPORT {
			a.addUnit(u)
		}
	}
	return a
}

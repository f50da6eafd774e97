// Package interp holds the Go definitions of one pipeconsole session and runs
// them with the yaegi interpreter.
//
// # Generations
//
// The session keeps the source of every top-level declaration (imports,
// types, constants, variables, functions, methods), keyed by name. An input
// made of declarations replaces the declarations of the same names and the
// whole program is evaluated afresh in a new interpreter: a generation. Only
// if that succeeds, and Options.Adopt accepts it, does it become current; a
// definition that does not compile changes nothing (yaegi's own incremental
// redefinition can break the previous definition and leaves callers bound to
// old code; a fresh interpreter has neither problem). A generation never
// changes once built, so stages may call its functions from any goroutine
// while the next one is being built, without a data race.
//
// Because every generation is built from the whole program, a caller always
// sees the current definition of what it calls: if upper calls clean and
// clean is redefined, the next generation's upper calls the new clean.
//
// Package-level variables are initialised afresh in every generation.
//
// A short variable declaration typed at the prompt (x := 5) is kept as a
// variable declaration of the program (var x = 5).
//
// # The foreground
//
// Input that is not declarations (an expression, a statement) runs once, in
// a separate foreground interpreter built from the same program, and its
// value, if it has exactly one, is rendered. Cancelling the context of that
// evaluation (Ctrl-C) ends it and throws that interpreter away; the
// interpreter the stages use is never cancelled, so the graph keeps flowing.
// What a foreground statement changes (a package variable it assigns) is
// seen by later foreground input only, not by the stages: to change what
// stages see, define it.
//
// # Positions
//
// Every error names the user's own place: the input's name, line and column,
// with the offending source line.
package interp

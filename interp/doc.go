// Package interp holds the Go definitions of one pipeconsole session and runs
// them with the yaegi interpreter.
//
// # Inputs
//
// Session.Eval sorts each input with go/parser. Input that parses as a file
// of declarations (after an implied package clause) defines them. Anything
// else is parsed as statements: a lone short variable declaration
// (x := 5, a, b := f()) is kept as a variable declaration of the program
// (var x = 5); any other statements run once in the foreground. When
// neither parse works, the error shown is that of declarations if the
// input starts with func, type, var, const or import, else that of
// statements.
//
// A definition is keyed by name: a function "f", a method "T.M", a type, a
// variable or constant name, an import by its quoted path. A parenthesised
// group (const ( A = iota; B )) stays one definition with several names;
// redefining one of its names replaces the whole group. func main cannot
// be defined (yaegi would run it again after every input); func init runs
// whenever the program is evaluated: once per generation and once per
// foreground interpreter.
//
// # Generations
//
// An input made of declarations replaces the declarations of the same names
// and the whole program is assembled as one Go file (imports first, then
// every declaration in the order first defined) and evaluated afresh in a
// new interpreter: a generation. Only if that succeeds, and Options.Adopt
// accepts it, does it become current; a definition that does not compile
// changes nothing (yaegi's own incremental redefinition can break the
// previous definition and leaves callers bound to old code; a fresh
// interpreter has neither problem). A generation never changes once built,
// and every top-level function is fetched from the interpreter while it is
// built, so stages may call its handlers from any goroutine while the next
// one is being built, without a data race. Old generations are freed when
// nothing holds them: memory stays bounded over any number of
// redefinitions.
//
// Because every generation is built from the whole program, a caller always
// sees the current definition of what it calls: if upper calls clean and
// clean is redefined, the next generation's upper calls the new clean.
// Redefining a type works the same way.
//
// # State across generations
//
// Every generation initialises its package-level variables, and then
// takes over values from the generation before it (Generation.Takeover),
// like Clojure's defonce:
//
//   - a variable whose declaration is unchanged (white space aside) keeps
//     its value, even when something its initialiser uses changed;
//   - a variable whose declaration changed starts from its new
//     initialiser, unless it is marked keep, with a //pc:keep comment on
//     the line above it or on one of its own lines: then it keeps its
//     value;
//   - a variable whose type changed starts afresh even when kept or
//     unchanged (Handover.TypeChanged says so);
//   - a new variable starts from its initialiser; Session.Reinit builds a
//     generation where every variable does.
//
// A value is carried as Go assigns it: a map, slice, pointer or channel
// is then shared by both generations, and a goroutine of the old one that
// still runs sees the same map. A parenthesised var group is one
// declaration. Carrying reads the old generation's variables, so it must
// happen while none of its code runs: Options.Adopt calls Takeover after
// pausing the stages and before swapping them.
//
// # Reload hooks
//
// A program may define func BeforeReload() and func AfterReload(). With
// every new generation (a definition typed or loaded, Reinit),
// BeforeReload of the old generation runs before the variables are
// carried over (so what it saves is carried), and AfterReload of the new
// generation runs after it became current. A panic in either is reported
// in Result.Handover and does not stop the reload: the new generation is
// adopted anyway. A hook of another type is reported and not called. A
// hook that has not returned when the input's context ends or after 10 s
// is left running and reported (ErrHookRunning); after such a
// BeforeReload no variable is carried over.
//
// # The foreground
//
// Input that is not declarations (an expression, a statement) runs once, in
// a separate foreground interpreter built from the same program, inside a
// wrapper function, and its value, if it has exactly one, is rendered:
// strings quoted, functions as their type, anything else as with %+v (type
// names and String methods of interpreted types are not visible to the
// host). A call with several results is an error that suggests a, b := f(),
// except calls of Print, Println, Printf, Fprint, Fprintln, Fprintf, Write
// and WriteString, which run as statements.
//
// Cancelling the context of that evaluation (Ctrl-C) ends it, returns an
// error wrapping ErrInterrupted and the context's error, and throws that
// interpreter away; the interpreter the stages use is never cancelled, so
// the graph keeps flowing. A cancel that yaegi would lose (it came before
// the run began) is made good by bumping the dropped interpreter's run id
// until its goroutines are gone (reap.go). What a foreground statement changes (a package
// variable it assigns) is seen by later foreground input only, not by the
// stages, and only until the next definition: to change what stages see,
// define it.
//
// # Output
//
// fmt.Print*, println, os.Stdout and os.Stderr of interpreted code go to
// Options.Stdout and Options.Stderr. os.Stdout and os.Stderr are io.Writer
// values there, not *os.File. The panic trace lines yaegi writes itself
// are kept off Options.Stderr; their position goes into the error.
//
// # Positions
//
// Every error names the user's own place: the input's name, line and column,
// with the offending source line in Error.SourceLine. A panic names the
// innermost interpreted place yaegi reports, which is sometimes the
// statement before the one that panicked.
//
// # Goroutines
//
// yaegi does not give a loop variable a new copy per iteration: goroutines
// started in for i := ... all see the last i. Pass loop values as
// arguments: go func(i int) { ... }(i).
package interp

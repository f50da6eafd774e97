// Package console is pipeconsole's console: it reads a small language from
// a terminal, a pipe or a script, runs Go through package interp and drives
// one stages.Graph.
//
// # The language
//
// A line starting with ":" is a command; :help lists them, built from the
// command table (commands.go). A line starting with "#" is a comment, at the
// prompt and in scripts (Go has no "#", so nothing is lost). Anything else
// is Go for the interpreter; input that is not finished (an open brace,
// paren, string or comment) continues on the next line, under the "... "
// prompt. Several statements on a line run one after another, each as if
// typed on its own line (interp.Split).
//
//	import "strings"
//	func upper(s string) string { return strings.ToUpper(s) }
//	:source in lines file=access.log
//	:stage upper
//	:sink out print
//	:wire in -> upper -> out buffer=16
//	:start
//	:wait out.in >= 10 timeout=2s
//	:stop
//	:expect leaks == 0
//
// Defining a function again swaps every stage that calls it, directly or
// not, to the new code from its next message on, and says so:
// "defined clean; swapped upper to v2 (uses clean)". A definition that would
// break a stage is refused and changes nothing.
//
// :watch reloads a file on every save that changes it; :reset stops,
// reloads every file and starts afresh. A reload pauses the stages
// (upstream first) while variables are carried into the new generation
// (see interp's package doc for the rule, and adopt.go for the order).
//
// # Loop stages, Go sources, versions, pause
//
// A stage whose function is func(stop <-chan struct{}, in <-chan T, out
// chan<- U) owns its loop, and :source NAME fn=F runs
// func(stop <-chan struct{}, out chan<- T) as a source (loopstage.go).
// Their channels are typed for the function; forwarders convert to and
// from the graph's messages. Such a node is swapped when its code changes
// (a new version) or it uses a package variable (the same version, on the
// new generation, whose variables every other stage uses): the runtime
// closes the running version's stop, waits for it
// to return (at most 2s), and starts the new version on the same
// channels; what waits in the input, and a message taken but not yet
// read, go to the new version. If the old version does not return in
// time (it ignores stop, or is blocked sending to a paused downstream),
// the console names the stage and where it is blocked; that stage stays
// on its old version, which keeps running and being fed, while every
// other stage of the same definition takes the new generation (the
// definition is adopted). Defining it again, changed, retries; :stop now
// ends it.
//
// The console keeps, for each version of each stage, the source of the
// definitions its function depended on (interp.Generation.Closure).
// :versions lists them; :rollback evaluates that source again as a new
// definition, so the stage moves to a new version marked "rollback of
// vN", and every other stage that uses a rolled-back helper gets the old
// helper too. :pause and :resume hold and release stages and sinks; a
// redefinition's own pause around the carry of variables leaves a stage
// the user paused paused.
//
// A print sink writes "NAME: value" with strings quoted ("HELLO"), so that
// "1" and 1 look different; values are rendered without %T or String
// methods (see renderValue).
//
// # Modes
//
// Interactive (a terminal): readline, history, Ctrl-C interrupts the
// evaluation in progress only, Ctrl-D quits (twice when a graph runs).
// Script (-script FILE): stops at the first failure, printing
// "FILE:LINE: reason", and exits 1. Piped (stdin not a terminal): the same
// language without a prompt; it keeps going after a failure, printing each,
// and exits 1 at the end if any input failed. In every mode a graph still
// running at the end is stopped gracefully and its report printed.
package console

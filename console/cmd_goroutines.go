package console

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/pipeconsole/pipeconsole/stages"
)

var cmdGoroutines = &command{
	name:    "goroutines",
	args:    "[STAGE]",
	summary: "count the process's goroutines by owner, or show one stage's stacks",
	detail: `Without STAGE: the console's, the prompt's, each stage's by run (and
version for loop stages and sources), the goroutines user code started
inside a stage (they inherit its labels), and leaked ones: goroutines of a
stopped run or of a replaced version that have not returned. With STAGE:
each distinct stack of that stage's goroutines, trimmed to what helps
(what it waits on and the frames outside the runtime, reflect, yaegi and
pipeconsole).`,
	maxPos: 1,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		all, err := c.graph.Goroutines()
		if err != nil {
			return "", err
		}
		if len(a.Pos) == 0 {
			return renderGoroutines(all), nil
		}
		names := c.graph.Names()
		if !contains(names, a.Pos[0]) {
			return "", fmt.Errorf("unknown stage %q%s", a.Pos[0], didYouMean(a.Pos[0], names))
		}
		return renderStacks(a.Pos[0], all), nil
	},
}

// ownerKey groups goroutines for the summary.
type ownerKey struct {
	owner, stage string
	run, version int
	leaked, user bool
}

// renderGoroutines renders the count of every goroutine by owner.
func renderGoroutines(all []stages.Goroutines) string {
	counts := map[ownerKey]int{}
	var keys []ownerKey
	total := 0
	for _, gs := range all {
		k := ownerKey{gs.Owner, gs.Stage, gs.Run, gs.Version, gs.Leaked, gs.User}
		if _, ok := counts[k]; !ok {
			keys = append(keys, k)
		}
		counts[k] += gs.Count
		total += gs.Count
	}

	var b strings.Builder
	fmt.Fprintf(&b, "goroutines: %d in the process\n", total)
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	for _, k := range keys {
		name := k.stage + fmt.Sprintf(" (run %d", k.run)
		if k.version > 0 {
			name += fmt.Sprintf(", v%d", k.version)
		}
		name += ")"
		if k.user {
			name += " started by its code"
		}
		switch {
		case k.owner == stages.OwnerStage && k.leaked:
			fmt.Fprintf(tw, "  leaked\t%s\t%d\n", name, counts[k])
		case k.owner == stages.OwnerStage:
			fmt.Fprintf(tw, "  stage\t%s\t%d\n", name, counts[k])
		default:
			fmt.Fprintf(tw, "  %s\t\t%d\n", k.owner, counts[k])
		}
	}
	tw.Flush()
	return b.String()
}

// renderStacks renders each distinct stack of stage's goroutines.
func renderStacks(stage string, all []stages.Goroutines) string {
	var b strings.Builder
	n := 0
	for _, gs := range all {
		if gs.Owner != stages.OwnerStage || gs.Stage != stage {
			continue
		}
		n += gs.Count
		head := fmt.Sprintf("run %d", gs.Run)
		if gs.Version > 0 {
			head += fmt.Sprintf(" v%d", gs.Version)
		}
		if gs.Leaked {
			head += " leaked"
		}
		if gs.User {
			head += " started by its code"
		}
		fmt.Fprintf(&b, "  %s, %d× in %s\n", head, gs.Count, waitState(gs))
		for _, f := range usefulFrames(gs.Stack) {
			fmt.Fprintf(&b, "      %s\n", frameText(f))
		}
	}
	if n == 0 {
		return fmt.Sprintf("%s: no goroutines\n", stage)
	}
	return fmt.Sprintf("%s: %s\n", stage, plural(uint64(n), "goroutine")) + b.String()
}

// goFrame reports a frame of Go's own machinery, never worth showing.
func goFrame(fn string) bool {
	for _, p := range []string{"runtime.", "runtime/", "internal/", "reflect."} {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

// ownFrame reports a frame of pipeconsole or of the interpreter.
func ownFrame(fn string) bool {
	return strings.HasPrefix(fn, "github.com/pipeconsole/pipeconsole/") ||
		strings.HasPrefix(fn, "github.com/traefik/yaegi")
}

// usefulFrames drops Go's machinery, yaegi and pipeconsole from a stack:
// what is left is the blocking call (time.Sleep, sync.(*WaitGroup).Wait)
// and the user's compiled code.
func usefulFrames(stack []stages.Frame) []stages.Frame {
	var out []stages.Frame
	for _, f := range stack {
		if !goFrame(f.Func) && !ownFrame(f.Func) {
			out = append(out, f)
		}
	}
	return out
}

// waitState names what a goroutine waits on: the runtime's reason when
// the census found it, else a guess from its innermost frames.
func waitState(gs stages.Goroutines) string {
	if gs.Wait != "" {
		return gs.Wait
	}
	stack := gs.Stack
	states := []struct{ prefix, state string }{
		{"runtime.chanrecv", "chan receive"},
		{"runtime.chansend", "chan send"},
		{"runtime.selectgo", "select"},
		{"runtime.block", "select {} (forever)"},
		{"time.Sleep", "sleep"},
		{"runtime.semacquire", "a lock or WaitGroup"},
		{"sync.runtime_", "a lock or WaitGroup"},
		{"runtime.notifyListWait", "a sync.Cond"},
		{"internal/poll.", "I/O"},
		{"runtime.netpollblock", "I/O"},
	}
	for _, f := range stack {
		for _, s := range states {
			if strings.HasPrefix(f.Func, s.prefix) {
				return s.state
			}
		}
	}
	if len(stack) > 0 && stack[0].Func != "runtime.gopark" {
		return "running"
	}
	return "a wait"
}

// frameText is "main.f (dir/file.go:12)".
func frameText(f stages.Frame) string {
	file := filepath.Join(filepath.Base(filepath.Dir(f.File)), filepath.Base(f.File))
	return fmt.Sprintf("%s (%s:%d)", f.Func, file, f.Line)
}

// leakCount counts the leaked goroutines by stage.
func leakCount(all []stages.Goroutines) (int, map[string]int) {
	total, by := 0, map[string]int{}
	for _, gs := range all {
		if gs.Owner == stages.OwnerStage && gs.Leaked {
			total += gs.Count
			by[gs.Stage] += gs.Count
		}
	}
	return total, by
}

// leakLine renders "leaks: none" or "leaks: 3 (upper: 2, src: 1)", the
// stages with the most first.
func leakLine(total int, by map[string]int) string {
	if total == 0 {
		return "leaks: none"
	}
	names := make([]string, 0, len(by))
	for name := range by {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(by[b], by[a]), strings.Compare(a, b))
	})
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%s: %d", name, by[name])
	}
	return fmt.Sprintf("leaks: %d (%s)", total, strings.Join(parts, ", "))
}

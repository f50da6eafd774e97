package console

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pipeconsole/pipeconsole/interp"
	"github.com/pipeconsole/pipeconsole/stages"
)

// adopt is the session's Options.Adopt: it moves every stage of the graph to
// the next generation. It first builds every stage's Handler from next, so
// that a definition breaking any stage is refused before anything is
// swapped; then it swaps them all, raising the version only of the stages
// whose function, or something it calls, changed.
func (c *Console) adopt(next *interp.Generation, changed []string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.swaps = nil

	// Check: every stage's function still exists with a usable shape.
	names := make([]string, 0, len(c.stageFns))
	for name := range c.stageFns {
		names = append(names, name)
	}
	sort.Strings(names)
	handlers := make(map[string]stages.Handler, len(names))
	types := make(map[string]nodeType, len(c.types))
	for name, t := range c.types {
		types[name] = t
	}
	for _, name := range names {
		h, sig, err := next.Handler(c.stageFns[name])
		if err != nil {
			return fmt.Errorf("stage %q would break: %w", name, err)
		}
		handlers[name] = h
		types[name] = stageType(sig)
	}
	if err := checkEdges(types, c.graph.Status().Edges); err != nil {
		return fmt.Errorf("the wiring would break: %w", err)
	}
	c.types = types

	// Swap: all stages move; the version rises where the code changed.
	for _, name := range names {
		fn := c.stageFns[name]
		bump := next.DependsOn(fn, changed)
		v, err := c.graph.Swap(name, handlers[name], bump)
		if err != nil {
			return fmt.Errorf("swap stage %q: %w", name, err)
		}
		if bump {
			c.swaps = append(c.swaps, describeSwap(name, v, fn, next, changed))
		}
	}
	return nil
}

// describeSwap says why a stage moved: "upper to v2 (calls clean)".
func describeSwap(stage string, version int, fn string, next *interp.Generation, changed []string) string {
	var why []string
	for _, name := range changed {
		if name != fn && next.DependsOn(fn, []string{name}) {
			why = append(why, name)
		}
	}
	s := fmt.Sprintf("%s to v%d", stage, version)
	if len(why) > 0 {
		s += " (calls " + strings.Join(why, ", ") + ")"
	}
	return s
}

// takeSwaps returns and forgets what the last adopt swapped.
func (c *Console) takeSwaps() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.swaps
	c.swaps = nil
	return s
}

// describeDefined renders the result of a definition:
// "defined clean; swapped upper to v2 (calls clean)".
func describeDefined(res interp.Result, swaps []string) string {
	var defined, imported []string
	for _, name := range res.Defined {
		if strings.HasPrefix(name, `"`) {
			imported = append(imported, name)
		} else {
			defined = append(defined, name)
		}
	}
	var parts []string
	if len(imported) > 0 {
		parts = append(parts, "imported "+strings.Join(imported, ", "))
	}
	if len(defined) > 0 {
		parts = append(parts, "defined "+strings.Join(defined, ", "))
	}
	s := strings.Join(parts, "; ")
	if len(res.Defined) > 0 && len(res.Changed) == 0 {
		s += " (unchanged)"
	}
	if len(swaps) > 0 {
		s += "; swapped " + strings.Join(swaps, ", ")
	}
	return s
}

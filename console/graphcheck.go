package console

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pipeconsole/pipeconsole/stages"
)

// The checks :source, :stage, :sink and :wire make before they change the
// graph: names that can be wired, and wires the graph would refuse.

// checkChain refuses, before any of them is made, wires that the graph
// would refuse, so that a failed :wire changes nothing: a wire that
// exists, one into a source or out of a sink, one from a node to itself.
func checkChain(st stages.Status, edges []stages.EdgeStatus) error {
	kinds := map[string]stages.Kind{}
	for _, n := range st.Nodes {
		kinds[n.Name] = n.Kind
	}
	for _, e := range edges {
		switch {
		case e.From == e.To:
			return fmt.Errorf("%s -> %s: a node cannot feed itself", e.From, e.To)
		case kinds[e.To] == stages.KindSource:
			return fmt.Errorf("%s -> %s: %q is a source and takes no input", e.From, e.To, e.To)
		case kinds[e.From] == stages.KindSink:
			return fmt.Errorf("%s -> %s: %q is a sink and sends nothing", e.From, e.To, e.From)
		}
		for _, old := range st.Edges {
			if old.From == e.From && old.To == e.To {
				return fmt.Errorf("%s -> %s is wired already", e.From, e.To)
			}
		}
	}
	if loop := closedLoop(st.Edges, edges); loop != nil {
		return fmt.Errorf("%s would close a cycle (messages would go round for ever)",
			strings.Join(loop, " -> "))
	}
	return nil
}

// closedLoop returns a cycle, from and back to its first node, that the
// added edges make with the old ones, or nil.
func closedLoop(old, added []stages.EdgeStatus) []string {
	next := map[string][]string{}
	for _, e := range append(slices.Clone(old), added...) {
		next[e.From] = append(next[e.From], e.To)
	}
	// A cycle made now goes through an added edge: look for a path from
	// its end back to its start.
	for _, e := range added {
		if path := pathFrom(next, e.To, e.From, map[string]bool{}); path != nil {
			return append([]string{e.From}, path...)
		}
	}
	return nil
}

// pathFrom returns a path of names from a to b along next, or nil.
func pathFrom(next map[string][]string, a, b string, seen map[string]bool) []string {
	if a == b {
		return []string{b}
	}
	if seen[a] {
		return nil
	}
	seen[a] = true
	for _, n := range next[a] {
		if rest := pathFrom(next, n, b, seen); rest != nil {
			return append([]string{a}, rest...)
		}
	}
	return nil
}

// maxName is the longest node name, in bytes.
const maxName = 64

// checkName refuses a node name that :wire and the views could not use:
// one that is not a letter or _ followed by letters, digits, _, . or -
// (without "->"), or longer than maxName.
func checkName(name string) error {
	ok := name != "" && len(name) <= maxName && !strings.Contains(name, "->")
	for i, r := range name {
		switch {
		case unicode.IsLetter(r) || r == '_':
		case i > 0 && (unicode.IsDigit(r) || r == '.' || r == '-'):
		default:
			ok = false
		}
	}
	if !ok {
		return fmt.Errorf("name %q: want a letter or _, then letters, digits, _, . or -, "+
			"at most %d bytes, without ->", clip(name, 40), maxName)
	}
	return nil
}

// clip shortens s to about n bytes for a message, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

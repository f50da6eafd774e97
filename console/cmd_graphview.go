package console

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
)

var cmdGraph = &command{
	name:    "graph",
	args:    "[dot FILE]",
	summary: "draw the wiring with the messages sent on each edge, or write it as Graphviz DOT",
	detail: `Each chain is one line, text -[553]-> keep -[553]-> shout, with the
messages sent on the edge (and its buffer fill, when it has a buffer); a
fan-out or a second input starts a line of its own. :graph dot FILE writes
the same graph for Graphviz (dot -Tsvg FILE).`,
	maxPos: 2,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		v := c.view(stuckAfter)
		switch {
		case len(a.Pos) == 0:
			return renderChains(v), nil
		case len(a.Pos) == 2 && a.Pos[0] == "dot":
			if err := os.WriteFile(a.Pos[1], []byte(renderDOT(v)), 0o644); err != nil {
				return "", err
			}
			return fmt.Sprintf("wrote %s", a.Pos[1]), nil
		}
		return "", fmt.Errorf("usage: %s", ":graph [dot FILE]")
	},
}

// renderChains draws the graph as text, one chain per line: it starts at
// each node without inputs, follows the first edge not drawn yet, and
// starts a line at the node for each other edge. Edges left (a cycle)
// start lines of their own; nodes without edges stand alone.
func renderChains(v graphView) string {
	if len(v.Nodes) == 0 {
		return "no nodes yet: add some with :source, :stage and :sink\n"
	}
	drawn := make([]bool, len(v.Edges))
	hasIn, hasEdge := map[string]bool{}, map[string]bool{}
	for _, e := range v.Edges {
		hasIn[e.To], hasEdge[e.To], hasEdge[e.From] = true, true, true
	}

	var lines []string
	var pending []string // nodes whose remaining edges start lines
	chain := func(from string) {
		line, cur := from, from
		for {
			next := -1
			for i, e := range v.Edges {
				if !drawn[i] && e.From == cur {
					if next < 0 {
						next = i
					} else {
						pending = append(pending, cur)
						break
					}
				}
			}
			if next < 0 {
				break
			}
			drawn[next] = true
			line += " -[" + edgeLabel(v.Edges[next]) + "]-> " + v.Edges[next].To
			cur = v.Edges[next].To
		}
		if line != from || !hasEdge[from] {
			lines = append(lines, line)
		}
	}
	for _, n := range v.Nodes {
		if !hasIn[n.Name] {
			chain(n.Name)
		}
		for len(pending) > 0 {
			p := pending[0]
			pending = pending[1:]
			chain(p)
		}
	}
	for i, e := range v.Edges {
		if !drawn[i] {
			chain(e.From)
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// edgeLabel is "553", or "553 3/16" for an edge with a buffer.
func edgeLabel(e edgeView) string {
	if e.Buffer > 0 {
		return fmt.Sprintf("%d %d/%d", e.Count, e.Len, e.Buffer)
	}
	return strconv.FormatUint(e.Count, 10)
}

// renderDOT renders the graph in Graphviz's DOT language: a box per node
// with its kind, version and counters, an edge per wire with its count.
func renderDOT(v graphView) string {
	var b strings.Builder
	b.WriteString("digraph pipeconsole {\n\trankdir=LR;\n" +
		"\tnode [shape=box, fontname=\"monospace\"];\n")
	for _, n := range v.Nodes {
		label := fmt.Sprintf("%s\n%s v%d\nin %d  out %d", n.Name, n.Kind, n.Version, n.In, n.Out)
		if n.Errors > 0 {
			label += fmt.Sprintf("\nerrors %d", n.Errors)
		}
		attrs := ""
		if n.Errors > 0 || n.Stuck != "" {
			attrs = ", color=red"
		}
		fmt.Fprintf(&b, "\t%s [label=%s%s];\n", strconv.Quote(n.Name), strconv.Quote(label), attrs)
	}
	for _, e := range v.Edges {
		fmt.Fprintf(&b, "\t%s -> %s [label=%s];\n", strconv.Quote(e.From), strconv.Quote(e.To),
			strconv.Quote(edgeLabel(e)))
	}
	b.WriteString("}\n")
	return b.String()
}

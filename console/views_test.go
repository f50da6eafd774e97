package console

import (
	"strings"
	"testing"
)

// chainView is a view with nodes named in order and edges a->b.
func chainView(nodes []string, edges ...[2]string) graphView {
	var v graphView
	for _, n := range nodes {
		v.Nodes = append(v.Nodes, nodeView{Name: n, Kind: "stage", Version: 1, In: 5, Out: 5})
	}
	for i, e := range edges {
		v.Edges = append(v.Edges, edgeView{From: e[0], To: e[1], Count: uint64(10 + i)})
	}
	return v
}

func TestRenderChains(t *testing.T) {
	tests := []struct {
		name string
		v    graphView
		want string
	}{
		{"a chain is one line with the count on each edge",
			chainView([]string{"text", "keep", "shout"}, [2]string{"text", "keep"}, [2]string{"keep", "shout"}),
			"text -[10]-> keep -[11]-> shout\n"},
		{"a fan-out starts a line at the node for its second edge",
			chainView([]string{"t", "a", "b"}, [2]string{"t", "a"}, [2]string{"t", "b"}),
			"t -[10]-> a\nt -[11]-> b\n"},
		{"a fan-in draws the second input on its own line",
			chainView([]string{"x", "y", "m", "s"}, [2]string{"x", "m"}, [2]string{"y", "m"}, [2]string{"m", "s"}),
			"x -[10]-> m -[12]-> s\ny -[11]-> m\n"},
		{"a node without edges stands alone",
			chainView([]string{"lonely"}), "lonely\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderChains(tt.v); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}

	t.Run("a buffered edge shows its fill", func(t *testing.T) {
		v := chainView([]string{"a", "b"}, [2]string{"a", "b"})
		v.Edges[0].Len, v.Edges[0].Buffer = 3, 16
		if got := renderChains(v); got != "a -[10 3/16]-> b\n" {
			t.Errorf("got %q", got)
		}
	})
}

func TestRenderDOT(t *testing.T) {
	v := chainView([]string{"text", "up \"x\""}, [2]string{"text", "up \"x\""})
	v.Nodes[1].Errors = 2
	want := "digraph pipeconsole {\n\trankdir=LR;\n\tnode [shape=box, fontname=\"monospace\"];\n" +
		"\t\"text\" [label=\"text\\nstage v1\\nin 5  out 5\"];\n" +
		"\t\"up \\\"x\\\"\" [label=\"up \\\"x\\\"\\nstage v1\\nin 5  out 5\\nerrors 2\", color=red];\n" +
		"\t\"text\" -> \"up \\\"x\\\"\" [label=\"10\"];\n}\n"
	if got := renderDOT(v); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLeakLine(t *testing.T) {
	tests := []struct {
		name  string
		total int
		by    map[string]int
		want  string
	}{
		{"no leak says none", 0, nil, "leaks: none"},
		{"stages are named, the most first", 3, map[string]int{"src": 1, "upper": 2},
			"leaks: 3 (upper: 2, src: 1)"},
		{"a tie is in name order", 2, map[string]int{"b": 1, "a": 1}, "leaks: 2 (a: 1, b: 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := leakLine(tt.total, tt.by); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestByBusiest(t *testing.T) {
	nodes := []nodeView{{Name: "idle"}, {Name: "fast", Rate: 90}, {Name: "slow", Rate: 3},
		{Name: "big", In: 500}}
	var got []string
	for _, n := range byBusiest(nodes) {
		got = append(got, n.Name)
	}
	if strings.Join(got, " ") != "fast slow big idle" {
		t.Errorf("order %v, want fast slow big idle", got)
	}
}

package console

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
)

var cmdStatus = &command{
	name:    "status",
	args:    "[stuck=DURATION]",
	summary: "show every node (kind, version, goroutines, counters, rate, last error) and edge",
	detail: `Each node: kind, version, workers, its goroutines in the running run
(those its code started included), messages in and out, filtered, errors
with the last one, and messages per second over the last 3s (sampled
every 0.5s). Each edge: messages sent on it and its buffer fill (len/cap).
A stage holding a message (in - out - filtered - errors > 0) whose in has
not moved for stuck (default 2s) is flagged STUCK with what it waits on.`,
	opts: []string{"stuck"},
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		stuck, err := a.optDuration("stuck", stuckAfter)
		if err != nil {
			return "", err
		}
		return renderView(c.view(stuck)), nil
	},
}

// renderView renders the graph's view as two tables: nodes and edges.
func renderView(v graphView) string {
	var b strings.Builder
	state := "stopped"
	if v.Running {
		state = "running"
		if v.Ended {
			state = "running, but every node is done (its input ended): :stop ends the run"
		}
	}
	fmt.Fprintf(&b, "graph %s (run %d), %d goroutines in the process, %d leaked\n",
		state, v.Run, v.Goroutines, v.Leaks)
	if len(v.Nodes) == 0 {
		b.WriteString("no nodes yet: add some with :source, :stage and :sink\n")
		return b.String()
	}

	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  NODE\tKIND\tVER\tWORKERS\tIN\tOUT\tFILTERED\tERRORS\tGOR\tMSG/S\t"+
		"LAST ERROR")
	var paused []string
	for _, n := range v.Nodes {
		rate := n.Rate
		if v.Running && n.Goroutines == 0 {
			rate = 0 // done: an average over the run would read as a live rate
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%s\n", n.Name, n.Kind,
			n.Version, n.Workers, n.In, n.Out, n.Filtered, n.Errors, n.Goroutines, rate,
			n.LastError)
		if n.Paused {
			paused = append(paused, n.Name)
		}
	}
	tw.Flush()
	if len(paused) > 0 {
		fmt.Fprintf(&b, "  paused: %s (:resume to go on)\n", strings.Join(paused, ", "))
	}
	for _, n := range v.Nodes {
		if n.Stuck != "" {
			fmt.Fprintf(&b, "  STUCK %s: one message in hand %s\n", n.Name, n.Stuck)
		}
	}
	for _, e := range v.Edges {
		fmt.Fprintf(&b, "  %s -> %s  %d sent, buffer %d/%d\n", e.From, e.To, e.Count, e.Len,
			e.Buffer)
	}
	return b.String()
}

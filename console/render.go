package console

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pipeconsole/pipeconsole/stages"
)

// renderStop renders a stop report; interrupted says that Ctrl-C ended
// its wait.
func renderStop(rep stages.StopReport, now bool, timeout time.Duration,
	interrupted bool) string {
	var b strings.Builder
	why := fmt.Sprintf("at the timeout (%v)", timeout)
	if interrupted {
		why = "by Ctrl-C"
	}
	switch {
	case now:
		fmt.Fprintf(&b, "stopped at once in %v: %s discarded\n",
			round(rep.Took), plural(rep.Discarded, "message"))
	case rep.Escalated:
		fmt.Fprintf(&b, "graceful stop cut short %s after %v; "+
			"stopped at once: %s drained, %d discarded\n",
			why, round(rep.Took), plural(rep.Drained, "message"), rep.Discarded)
	case rep.Discarded > 0: // by a loop stage waiting for a swap
		fmt.Fprintf(&b, "stopped gracefully in %v: %s drained, %d discarded\n",
			round(rep.Took), plural(rep.Drained, "message"), rep.Discarded)
	default:
		fmt.Fprintf(&b, "stopped gracefully in %v: %s drained\n",
			round(rep.Took), plural(rep.Drained, "message"))
	}
	if len(rep.Alive) > 0 {
		fmt.Fprintf(&b, "still alive: %s\n", aliveText(rep.Alive))
	}
	return b.String()
}

// plural renders "1 message", "2 messages".
func plural(n uint64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func round(d time.Duration) time.Duration {
	if d > time.Millisecond {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Microsecond)
}

var kindNames = map[stages.Kind]string{
	stages.KindSource: "source", stages.KindStage: "stage", stages.KindSink: "sink",
}

// renderStatus renders a graph snapshot as two tables: nodes and edges.
func renderStatus(st stages.Status) string {
	var b strings.Builder
	state := "stopped"
	if st.Running {
		state = "running"
	}
	fmt.Fprintf(&b, "graph %s (run %d)\n", state, st.Run)
	if len(st.Nodes) == 0 {
		b.WriteString("no nodes yet: add some with :source, :stage and :sink\n")
		return b.String()
	}

	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  NODE\tKIND\tVER\tWORKERS\tIN\tOUT\tFILTERED\tERRORS\tLAST ERROR")
	for _, n := range st.Nodes {
		last := ""
		if n.LastError != nil {
			last = oneLine(n.LastError.Err)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", n.Name, kindNames[n.Kind],
			n.Version, n.Workers, n.In, n.Out, n.Filtered, n.Errors, last)
	}
	tw.Flush()
	if p := pausedNodes(st); p != "" {
		fmt.Fprintf(&b, "  paused: %s (:resume to go on)\n", p)
	}

	for _, e := range st.Edges {
		fmt.Fprintf(&b, "  %s -> %s  %d/%d\n", e.From, e.To, e.Len, e.Buffer)
	}
	return b.String()
}

// renderCensus renders goroutine counts by owner.
func renderCensus(c stages.Census) string {
	var b strings.Builder
	fmt.Fprintf(&b, "goroutines: %d in the process\n", c.Total)
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	for _, g := range c.Groups {
		switch {
		case g.Owner == "stage" && g.Leaked:
			fmt.Fprintf(tw, "  leaked\t%s\t%d\n", groupName(g), g.Count)
		case g.Owner == "stage":
			fmt.Fprintf(tw, "  stage\t%s\t%d\n", groupName(g), g.Count)
		default:
			fmt.Fprintf(tw, "  %s\t\t%d\n", g.Owner, g.Count)
		}
	}
	tw.Flush()
	return b.String()
}

// groupName names a stage's goroutines: "upper (run 2, v3)". The version
// is left out when the census does not know it.
func groupName(g stages.Group) string {
	if g.Version > 0 {
		return fmt.Sprintf("%s (run %d, v%d)", g.Stage, g.Run, g.Version)
	}
	return fmt.Sprintf("%s (run %d)", g.Stage, g.Run)
}

// renderStageError renders one stage error: where, what, and the first
// frame of the stack that is not the runtime's or the console's own.
func renderStageError(e stages.StageError) string {
	s := fmt.Sprintf("error: %s v%d: %s", e.Node, e.Version, oneLine(e.Err))
	if e.Panic != nil && !strings.Contains(s, fmt.Sprint(e.Panic)) {
		s += fmt.Sprintf(" (panic: %s)", renderValue(e.Panic))
	}
	if e.Msg != nil {
		s += fmt.Sprintf(" [message %s]", renderValue(e.Msg))
	}
	if f := firstUsefulFrame(string(e.Stack)); f != "" {
		s += "\n    at " + f
	}
	return s
}

// firstUsefulFrame returns the "file:line" of the first frame in a
// runtime.Stack text whose function is not the runtime's, reflect's,
// yaegi's or pipeconsole's own; "" when there is none (interpreted code has
// no frames of its own: interp puts its position in the error).
func firstUsefulFrame(stack string) string {
	skip := []string{"runtime.", "runtime/", "reflect.", "sync.", "panic(",
		"github.com/traefik/yaegi", "github.com/pipeconsole/pipeconsole/", "created by "}
	lines := strings.Split(stack, "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn, loc := lines[i], lines[i+1]
		if fn == "" || strings.HasPrefix(fn, "\t") || !strings.HasPrefix(loc, "\t") {
			continue
		}
		useful := true
		for _, prefix := range skip {
			if strings.HasPrefix(fn, prefix) {
				useful = false
			}
		}
		if useful {
			loc = strings.TrimSpace(loc)
			if j := strings.LastIndex(loc, " +0x"); j > 0 {
				loc = loc[:j]
			}
			return loc
		}
	}
	return ""
}

func oneLine(err error) string {
	if err == nil {
		return ""
	}
	return strings.ReplaceAll(err.Error(), "\n", " | ")
}

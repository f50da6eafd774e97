package console

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
)

// topEvery is how often :top refreshes.
const topEvery = time.Second

var cmdTop = &command{
	name:    "top",
	args:    "[N]",
	summary: "refresh a compact view every second, busiest stage first",
	detail: `On a terminal :top redraws the screen every second until Enter (or
Ctrl-C, Ctrl-D) is typed, or N refreshes. In a script or a pipe it prints
N views a second apart (default 1), or until Ctrl-C.`,
	maxPos: 1,
	run: func(c *Console, ctx context.Context, a Args) (string, error) {
		n := 0
		if len(a.Pos) == 1 {
			if _, err := fmt.Sscanf(a.Pos[0], "%d", &n); err != nil || n < 1 {
				return "", fmt.Errorf("N=%q: want a count of refreshes above zero", a.Pos[0])
			}
		}
		if t, ok := c.out.w.(*terminal); ok {
			return "", c.topTerminal(ctx, t, n)
		}
		return "", c.topLines(ctx, max(n, 1))
	},
}

// topLines prints n views a second apart, for scripts and pipes.
func (c *Console) topLines(ctx context.Context, n int) error {
	tick := time.NewTicker(topEvery)
	defer tick.Stop()
	for i := range n {
		if i > 0 {
			select {
			case <-tick.C:
			case <-ctx.Done():
				return nil
			}
		}
		c.out.Printf("%s", renderTop(c.view(stuckAfter), time.Now()))
	}
	return nil
}

// topTerminal redraws the screen every second until a line is read from
// the terminal (Enter, Ctrl-C or Ctrl-D: readline returns on each), or n
// refreshes when n > 0. The read runs on its own goroutine, through the
// terminal's readline, so that readline keeps owning the keyboard; :top
// waits for it before it returns, except when ctx ends (the session is
// ending), where the read is left to the process exit as the shell does.
func (c *Console) topTerminal(ctx context.Context, t *terminal, n int) error {
	key := make(chan struct{})
	go func() {
		defer close(key)
		t.readLine("(Enter ends :top) ")
	}()
	tick := time.NewTicker(topEvery)
	defer tick.Stop()
	for i := 0; n == 0 || i < n; i++ {
		c.out.Printf("\x1b[H\x1b[2J%s", renderTop(c.view(stuckAfter), time.Now()))
		select {
		case <-tick.C:
		case <-key:
			return nil
		case <-ctx.Done():
			return nil
		}
	}
	c.out.Printf("%s", "(done: press Enter)")
	select {
	case <-key:
	case <-ctx.Done():
	}
	return nil
}

// renderTop renders the compact view: one line for the graph, one per
// node, busiest first, and the edges that hold messages.
func renderTop(v graphView, now time.Time) string {
	var b strings.Builder
	state := "stopped"
	if v.Running {
		state = "running"
	}
	fmt.Fprintf(&b, "top %s  run %d %s  goroutines %d  leaked %d\n",
		now.Format("15:04:05"), v.Run, state, v.Goroutines, v.Leaks)
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  NODE\tKIND\tVER\tGOR\tMSG/S\tIN\tOUT\tERR\tNOTE")
	for _, n := range byBusiest(v.Nodes) {
		note := ""
		switch {
		case n.Stuck != "":
			note = "STUCK " + n.Stuck
		case n.Paused:
			note = "paused"
		case n.LastError != "":
			note = n.LastError
		}
		fmt.Fprintf(tw, "  %s\t%s\tv%d\t%d\t%.1f\t%d\t%d\t%d\t%s\n", n.Name, n.Kind, n.Version,
			n.Goroutines, n.Rate, n.In, n.Out, n.Errors, note)
	}
	tw.Flush()
	for _, e := range v.Edges {
		if e.Buffer > 0 {
			fmt.Fprintf(&b, "  %s -> %s buffer %d/%d\n", e.From, e.To, e.Len, e.Buffer)
		}
	}
	return b.String()
}

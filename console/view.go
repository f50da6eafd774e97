package console

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/pipeconsole/pipeconsole/stages"
)

// graphView is what the views show of the graph at one moment. It is
// also the JSON of the web page's /status.json.
type graphView struct {
	Running    bool       `json:"running"`
	Ended      bool       `json:"ended"` // running, every goroutine of the run returned
	Run        int        `json:"run"`
	Goroutines int        `json:"goroutines"` // in the process
	Leaks      int        `json:"leaks"`
	Nodes      []nodeView `json:"nodes"`
	Edges      []edgeView `json:"edges"`
}

type nodeView struct {
	Name       string  `json:"name"`
	Kind       string  `json:"kind"`
	Version    int     `json:"version"`
	Workers    int     `json:"workers"`
	Goroutines int     `json:"goroutines"` // of the current run, user-started ones included
	In         uint64  `json:"in"`
	Out        uint64  `json:"out"`
	Filtered   uint64  `json:"filtered"`
	Errors     uint64  `json:"errors"`
	LastError  string  `json:"lastError,omitempty"`
	Rate       float64 `json:"rate"` // messages per second handled, over the last few seconds
	Paused     bool    `json:"paused,omitempty"`
	Stuck      string  `json:"stuck,omitempty"` // "for 3s in time.Sleep ..." when stuck
}

type edgeView struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Count  uint64 `json:"count"` // messages sent on it in the current or last run
	Len    int    `json:"len"`
	Buffer int    `json:"buffer"`
}

// view builds the graph's view now, recording a sample on the way.
// stuck is the threshold for a stage held by one message.
func (c *Console) view(stuck time.Duration) graphView {
	now := time.Now()
	st := c.graph.Status()
	if st.Running {
		c.insight.record(st, now)
	}
	all, _ := c.graph.Goroutines()

	// Empty, not null, in JSON: the page iterates them.
	v := graphView{Running: st.Running, Ended: st.Ended, Run: st.Run,
		Nodes: []nodeView{}, Edges: []edgeView{}}
	for _, gs := range all {
		v.Goroutines += gs.Count
		if gs.Owner == stages.OwnerStage && gs.Leaked {
			v.Leaks += gs.Count
		}
	}
	for _, n := range st.Nodes {
		nv := nodeView{Name: n.Name, Kind: n.Kind.String(), Version: n.Version,
			Workers: n.Workers, In: n.In, Out: n.Out, Filtered: n.Filtered,
			Errors: n.Errors, Paused: n.Paused}
		if n.LastError != nil {
			nv.LastError = oneLine(n.LastError.Err)
		}
		if st.Running {
			nv.Rate = c.insight.rate(n.Name)
			nv.Goroutines = countStage(all, n.Name, st.Run)
			nv.Stuck = stuckText(n, c.insight.unchangedFor(n.Name, now), stuck, all)
		}
		v.Nodes = append(v.Nodes, nv)
	}
	for _, e := range st.Edges {
		v.Edges = append(v.Edges, edgeView{From: e.From, To: e.To, Count: e.Sent,
			Len: e.Len, Buffer: e.Buffer})
	}
	return v
}

// countStage counts the goroutines of stage in run that are not leaked.
func countStage(all []stages.Goroutines, stage string, run int) int {
	n := 0
	for _, gs := range all {
		if gs.Owner == stages.OwnerStage && gs.Stage == stage && gs.Run == run && !gs.Leaked {
			n += gs.Count
		}
	}
	return n
}

// stuckText says where a stage is held when it has a message in hand
// (In - Out - Filtered - Errors > 0), In has not changed for at least
// threshold, and one of its goroutines is inside user code; "" otherwise
// (a stage waiting to send to a full buffer is backpressure, shown by the
// edges' fill). Where comes from that goroutine's stack.
func stuckText(n stages.NodeStatus, unchanged, threshold time.Duration,
	all []stages.Goroutines) string {
	if n.Kind != stages.KindStage || threshold <= 0 || unchanged < threshold {
		return ""
	}
	if n.In <= n.Out+n.Filtered+n.Errors {
		return ""
	}
	for _, gs := range all {
		if gs.Owner != stages.OwnerStage || gs.Stage != n.Name || gs.Leaked || gs.User {
			continue
		}
		if inStageWork(gs) {
			return "for " + unchanged.Round(time.Second).String() + ", " + blockedText(gs)
		}
	}
	return ""
}

// inStageWork reports whether one of a stage's own goroutines is inside
// the stage's work rather than the runtime's loop around it. A Handler
// stage's worker (no version label) is in its work as soon as any frame
// is outside Go's machinery and the stages package: the interp adapter,
// yaegi running the code (spinning, or blocked in a receive of its own) or
// a compiled call; blocked sending downstream is stages frames only, so
// backpressure is not flagged. A loop stage's version goroutine always
// runs in yaegi (waiting for input included), so for it only frames
// outside yaegi and pipeconsole count.
func inStageWork(gs stages.Goroutines) bool {
	if gs.Version > 0 {
		return inUserCode(gs.Stack)
	}
	for _, f := range gs.Stack {
		if !goFrame(f.Func) &&
			!strings.HasPrefix(f.Func, "github.com/pipeconsole/pipeconsole/stages.") {
			return true
		}
	}
	return false
}

// inUserCode reports whether a runtime goroutine's stack has left the
// runtime's own loop: some frame is yaegi's or not pipeconsole's at all.
func inUserCode(stack []stages.Frame) bool {
	for _, f := range stack {
		if !ownFrame(f.Func) && !goFrame(f.Func) {
			return true
		}
	}
	return false
}

// blockedText is "in chan receive at main.f (x.go:3)": the state read
// from the innermost frames, and the first useful frame.
func blockedText(gs stages.Goroutines) string {
	s := "in " + waitState(gs)
	if fr := usefulFrames(gs.Stack); len(fr) > 0 {
		s += " at " + frameText(fr[0])
	}
	return s
}

// byBusiest sorts nodes by rate, then by In, then by name.
func byBusiest(nodes []nodeView) []nodeView {
	nodes = slices.Clone(nodes)
	slices.SortStableFunc(nodes, func(a, b nodeView) int {
		return cmp.Or(cmp.Compare(b.Rate, a.Rate), cmp.Compare(max(b.In, b.Out), max(a.In, a.Out)),
			strings.Compare(a.Name, b.Name))
	})
	return nodes
}

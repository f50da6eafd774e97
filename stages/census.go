package stages

import (
	"bytes"
	"cmp"
	"fmt"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Label keys set on every goroutine the graph starts. Goroutines started
// by user code inside a Handler inherit them.
const (
	LabelOwner = "pc.owner" // "console", "prompt" or "stage"
	LabelGraph = "pc.graph" // the graph's id, unique per New
	LabelRun   = "pc.run"   // the run number, from 1
	LabelStage = "pc.stage" // the node's name

	// LabelVersion is set on the goroutine of a loop stage's or a
	// source's version only: the version number, from 1.
	LabelVersion = "pc.version"
)

// Owners of goroutines in a Census.
const (
	OwnerConsole = "console"
	OwnerPrompt  = "prompt"
	OwnerStage   = "stage"
	OwnerOther   = "runtime/other"
)

// maxStacks bounds the distinct stacks kept per group.
const maxStacks = 8

// Census counts every goroutine of the process by owner: the console's
// (label pc.owner=console), the prompt's, each stage's of this graph by run
// (Leaked when the run is not the running one), and the rest, which
// includes unlabelled goroutines and those of other graphs. It reads the
// runtime's goroutine profile, which briefly stops the world.
func (g *Graph) Census() (Census, error) {
	recs, err := goroutines()
	if err != nil {
		return Census{}, err
	}
	g.mu.Lock()
	current := 0
	if g.running {
		current = g.cur.id
	}
	g.mu.Unlock()
	return g.census(recs, current), nil
}

// census groups records; current is the running run, 0 if none.
func (g *Graph) census(recs []record, current int) Census {
	type key struct {
		owner, stage string
		run          int
	}
	byKey := map[key]*Group{}
	var c Census
	for _, rec := range recs {
		grp := g.owner(rec.labels, current)
		k := key{grp.Owner, grp.Stage, grp.Run}
		if byKey[k] == nil {
			byKey[k] = &grp
		}
		p := byKey[k]
		p.Count += rec.count
		if len(p.Stacks) < maxStacks && !slices.Contains(p.Stacks, rec.stack) {
			p.Stacks = append(p.Stacks, rec.stack)
		}
		c.Total += rec.count
	}
	for _, grp := range byKey {
		c.Groups = append(c.Groups, *grp)
	}
	rank := map[string]int{OwnerConsole: 0, OwnerPrompt: 1, OwnerStage: 2, OwnerOther: 3}
	slices.SortFunc(c.Groups, func(a, b Group) int {
		return cmp.Or(
			cmp.Compare(rank[a.Owner], rank[b.Owner]),
			cmp.Compare(a.Stage, b.Stage),
			cmp.Compare(a.Run, b.Run),
		)
	})
	return c
}

// owner is the group key (a Group without Count and Stacks) for labels.
func (g *Graph) owner(labels map[string]string, current int) Group {
	switch labels[LabelOwner] {
	case OwnerConsole:
		return Group{Owner: OwnerConsole}
	case OwnerPrompt:
		return Group{Owner: OwnerPrompt}
	case OwnerStage:
		if labels[LabelGraph] != g.id {
			break
		}
		run, _ := strconv.Atoi(labels[LabelRun])
		return Group{
			Owner:  OwnerStage,
			Stage:  labels[LabelStage],
			Run:    run,
			Leaked: run != current,
		}
	}
	return Group{Owner: OwnerOther}
}

// alive returns the groups of run r's goroutines still alive. Because a
// goroutine outlives its last deferred call by a little (HAZARDS G1), it
// polls: until none is left when every goroutine has returned, else until
// the count holds still, and at most for settle.
func (g *Graph) alive(r *run) []Group {
	const settle = 200 * time.Millisecond
	deadline := time.Now().Add(settle)
	finished := r.isFinished()
	last, same := -1, 0
	for {
		var groups []Group
		total := 0
		if recs, err := goroutines(); err == nil {
			for _, grp := range g.census(recs, 0).Groups {
				if grp.Owner == OwnerStage && grp.Run == r.id {
					groups = append(groups, grp)
					total += grp.Count
				}
			}
		}
		if total == last {
			same++
		} else {
			same = 0
		}
		if total == 0 || (!finished && same >= 2) || time.Now().After(deadline) {
			return groups
		}
		last = total
		time.Sleep(time.Millisecond)
	}
}

// record is one stack of the goroutine profile with its labels.
type record struct {
	count  int
	labels map[string]string
	stack  string // one function per line, runtime frames dropped
	where  string // "function file:line" per line, runtime frames dropped
}

// goroutines reads the goroutine profile at debug level 1, where each
// record is "N @ pc...", an optional "# labels: {...}" line, then one
// "#\tpc\tfunction+off\tfile:line" line per frame and a blank line.
func goroutines() ([]record, error) {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		return nil, fmt.Errorf("census: %w", err)
	}
	var recs []record
	var frames, where []string
	flush := func() {
		if len(recs) > 0 {
			recs[len(recs)-1].stack = strings.Join(frames, "\n")
			recs[len(recs)-1].where = strings.Join(where, "\n")
		}
		frames, where = frames[:0], where[:0]
	}
	for line := range strings.Lines(buf.String()) {
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "# labels: "):
			recs[len(recs)-1].labels = parseLabels(line[len("# labels: "):])
		case strings.HasPrefix(line, "#"):
			if f := frameFunc(line); f != "" {
				frames = append(frames, f)
				if fields := strings.Fields(line); len(fields) >= 4 {
					where = append(where, f+" "+fields[3])
				}
			}
		case strings.Contains(line, " @ "):
			flush()
			n, _ := strconv.Atoi(line[:strings.IndexByte(line, ' ')])
			recs = append(recs, record{count: n})
		}
	}
	flush()
	return recs, nil
}

// frameFunc returns the function of a frame line, or "" for the runtime's
// own frames.
func frameFunc(line string) string {
	fields := strings.Fields(line)
	if len(fields) < 3 {
		return ""
	}
	f := fields[2]
	if i := strings.LastIndex(f, "+0x"); i >= 0 {
		f = f[:i]
	}
	for _, internal := range []string{"runtime.", "runtime/pprof.", "internal/"} {
		if strings.HasPrefix(f, internal) {
			return ""
		}
	}
	return f
}

// parseLabels parses {"k":"v", "k2":"v2"} as the profile writes it: keys
// and values quoted by %q, pairs sorted and separated by ", ".
func parseLabels(s string) map[string]string {
	labels := map[string]string{}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	for s != "" {
		k, rest, ok := cutQuoted(s)
		if !ok || !strings.HasPrefix(rest, ":") {
			break
		}
		v, rest, ok := cutQuoted(rest[1:])
		if !ok {
			break
		}
		labels[k] = v
		s = strings.TrimPrefix(rest, ", ")
	}
	return labels
}

func cutQuoted(s string) (value, rest string, ok bool) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", s, false
	}
	value, err = strconv.Unquote(q)
	return value, s[len(q):], err == nil
}

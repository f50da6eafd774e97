package stages

import (
	"bytes"
	"cmp"
	"fmt"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Frame is one frame of a goroutine's stack.
type Frame struct {
	Func string // "time.Sleep", "runtime.chanrecv1"
	File string
	Line int
}

// Goroutines is a set of goroutines with one owner and one stack.
type Goroutines struct {
	Owner   string // OwnerConsole, OwnerPrompt, OwnerStage or OwnerOther
	Stage   string // for OwnerStage
	Run     int    // for OwnerStage
	Version int    // the pc.version label: a loop's or a source's version; 0 without
	// Leaked: the run is not the running one, or the version is not the
	// node's current one (it was replaced and has not returned).
	Leaked bool
	// User: started by user code inside the stage. Such goroutines
	// inherit the stage's labels; their outermost frame is not the
	// runtime's worker.
	User  bool
	Count int
	Stack []Frame // innermost first; the runtime's own frames on top are left out
	// Wait is what the runtime says the goroutine waits on ("chan
	// receive", "sleep", "select (no cases)"), read from a second,
	// detailed profile matched by stack; "" if it was not found.
	Wait string
}

// Goroutines lists every goroutine of the process, grouped by owner and
// stack, sorted by owner, stage, run and version. Like Census it reads the
// goroutine profile, which briefly stops the world; unlike Census it keeps
// each stack whole, runtime frames included, and tells the goroutines that
// user code started from the runtime's own.
func (g *Graph) Goroutines() ([]Goroutines, error) {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		return nil, fmt.Errorf("goroutines: %w", err)
	}
	current, versions := g.currentVersions()
	waits := waitReasons()

	var out []Goroutines
	for _, rec := range parseProfile(buf.String()) {
		grp := g.owner(rec.labels, current)
		gs := Goroutines{Owner: grp.Owner, Stage: grp.Stage, Run: grp.Run,
			Leaked: grp.Leaked, Count: rec.count, Stack: rec.frames,
			Wait: waits[stackKey(rec.frames)]}
		if gs.Owner == OwnerStage {
			gs.Version, _ = strconv.Atoi(rec.labels[LabelVersion])
			if v, ok := versions[gs.Stage]; ok && gs.Version > 0 && gs.Version != v {
				gs.Leaked = true
			}
			gs.User = !startsInRuntime(gs.Stack)
		}
		out = append(out, gs)
	}

	rank := map[string]int{OwnerConsole: 0, OwnerPrompt: 1, OwnerStage: 2, OwnerOther: 3}
	slices.SortStableFunc(out, func(a, b Goroutines) int {
		return cmp.Or(
			cmp.Compare(rank[a.Owner], rank[b.Owner]),
			cmp.Compare(a.Stage, b.Stage),
			cmp.Compare(a.Run, b.Run),
			cmp.Compare(a.Version, b.Version),
		)
	})
	return out, nil
}

// currentVersions returns the running run's number (0 if none) and, while
// running, the current version of every node.
func (g *Graph) currentVersions() (int, map[string]int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	versions := map[string]int{}
	if !g.running {
		return 0, versions
	}
	for _, n := range g.nodes {
		if v := n.handler.Load(); v != nil {
			versions[n.name] = v.n
		}
	}
	return g.cur.id, versions
}

// startsInRuntime reports whether the goroutine was started by pipeconsole
// itself (this package, or the interp package's loop adapter) rather than by
// user code: its outermost frame that is not Go's own machinery, nor
// sync.WaitGroup.Go's wrapper, is pipeconsole's and not in a test file.
// Goroutines the interpreted code starts begin in yaegi's frames
// (github.com/traefik/yaegi/...), so they are the user's; so are those
// compiled user code starts (tests of this package included).
func startsInRuntime(stack []Frame) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		f := stack[i]
		if strings.HasPrefix(f.Func, "runtime.") || strings.HasPrefix(f.Func, "runtime/") ||
			strings.HasPrefix(f.Func, "sync.(*WaitGroup).Go") {
			continue
		}
		return strings.HasPrefix(f.Func, "github.com/pipeconsole/pipeconsole/") &&
			!strings.HasSuffix(f.File, "_test.go")
	}
	return false
}

// yaegiPrefix is the package path of the interpreter's own frames.
const yaegiPrefix = "github.com/traefik/yaegi/interp."

// yaegiWait names what interpreted code waits on from the innermost
// frames of a parked goroutine: yaegi runs a channel receive, a send or a
// select of the user's through reflect, so the runtime only says "select".
// cases is the number of cases of the innermost reflect.Select, -1 if
// unknown: yaegi adds one case of its own, so one case is a select {}.
// It returns "" when the innermost frame past the runtime and reflect is
// not one of those operations.
func yaegiWait(frames []Frame, cases int) string {
	for _, f := range frames {
		if strings.HasPrefix(f.Func, "runtime.") || strings.HasPrefix(f.Func, "reflect.") ||
			strings.HasPrefix(f.Func, "internal/") {
			continue
		}
		op, ok := strings.CutPrefix(f.Func, yaegiPrefix)
		if !ok {
			return ""
		}
		op, _, _ = strings.Cut(op, ".")
		switch op {
		case "recv", "recv2", "rangeChan":
			return "chan receive"
		case "send":
			return "chan send"
		case "_select":
			if cases == 1 {
				return "select {} (forever)"
			}
			return "select"
		}
		return ""
	}
	return ""
}

// profileRecord is one record of the goroutine profile at debug level 1.
type profileRecord struct {
	count  int
	labels map[string]string
	frames []Frame
}

// parseProfile parses the goroutine profile at debug level 1: "N @ pc...",
// an optional "# labels: {...}" line, then "#\tpc\tfunc+off\tfile:line"
// per frame. It is a pure function.
func parseProfile(text string) []profileRecord {
	var recs []profileRecord
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.Contains(line, " @ ") && !strings.HasPrefix(line, "#"):
			n, _ := strconv.Atoi(line[:strings.IndexByte(line, ' ')])
			recs = append(recs, profileRecord{count: n})
		case len(recs) == 0:
		case strings.HasPrefix(line, "# labels: "):
			recs[len(recs)-1].labels = parseLabels(line[len("# labels: "):])
		case strings.HasPrefix(line, "#\t"):
			if f, ok := parseFrame(line); ok {
				recs[len(recs)-1].frames = append(recs[len(recs)-1].frames, f)
			}
		}
	}
	return recs
}

// parseFrame parses "#\t0x4a1b2c\tmain.f+0x2c\t\t/src/main.go:12" (the
// profile pads with tabs).
func parseFrame(line string) (Frame, bool) {
	fields := slices.DeleteFunc(strings.Split(line[1:], "\t"),
		func(s string) bool { return s == "" })
	if len(fields) < 3 {
		return Frame{}, false
	}
	fn := fields[1]
	if i := strings.LastIndex(fn, "+0x"); i >= 0 {
		fn = fn[:i]
	}
	file, lineNo := fields[2], 0
	if i := strings.LastIndexByte(file, ':'); i >= 0 {
		lineNo, _ = strconv.Atoi(file[i+1:])
		file = file[:i]
	}
	return Frame{Func: fn, File: strings.TrimSpace(file), Line: lineNo}, true
}

// stackKey identifies a stack by its frames outside the runtime.
func stackKey(frames []Frame) string {
	var b strings.Builder
	for _, f := range frames {
		if !strings.HasPrefix(f.Func, "runtime.") {
			fmt.Fprintf(&b, "%s %s:%d\n", f.Func, f.File, f.Line)
		}
	}
	return b.String()
}

// waitReasons reads the goroutine profile at debug level 2, where each
// goroutine is "goroutine N [reason, minutes]:" and its frames as
// "func(args)" and "\tfile:line +0x..", and maps each stack's key to the
// reason without its duration: the runtime's, or, for interpreted code,
// what yaegi's frames say (see yaegiWait). When goroutines with one stack
// disagree, the plainer "select" is kept for a select.
func waitReasons() map[string]string {
	var buf bytes.Buffer
	reasons := map[string]string{}
	if pprof.Lookup("goroutine").WriteTo(&buf, 2) != nil {
		return reasons
	}
	for block := range strings.SplitSeq(buf.String(), "\n\n") {
		lines := strings.Split(block, "\n")
		head := lines[0]
		i, j := strings.IndexByte(head, '['), strings.LastIndexByte(head, ']')
		if !strings.HasPrefix(head, "goroutine ") || i < 0 || j < i {
			continue
		}
		reason, _, _ := strings.Cut(head[i+1:j], ",")
		var frames []Frame
		cases := -1
		for k := 1; k+1 < len(lines); k += 2 {
			fn, at := lines[k], strings.TrimSpace(lines[k+1])
			if strings.HasPrefix(fn, "created by ") {
				break
			}
			args := ""
			if p := strings.LastIndexByte(fn, '('); p > 0 {
				fn, args = fn[:p], fn[p:]
			}
			if (fn == "reflect.rselect" || fn == "reflect.Select") && cases < 0 {
				cases = sliceLen(args)
			}
			at, _, _ = strings.Cut(at, " +0x")
			file, line := at, 0
			if c := strings.LastIndexByte(at, ':'); c >= 0 {
				file = at[:c]
				line, _ = strconv.Atoi(at[c+1:])
			}
			frames = append(frames, Frame{Func: fn, File: file, Line: line})
		}
		switch {
		case reason == "running" || reason == "runnable":
		case reason == "select (no cases)":
			reason = "select {} (forever)"
		default:
			if w := yaegiWait(frames, cases); w != "" {
				reason = w
			}
		}
		key := stackKey(frames)
		switch old := reasons[key]; {
		case old == "":
			reasons[key] = reason
		case old != reason && strings.HasPrefix(old, "select") &&
			strings.HasPrefix(reason, "select"):
			reasons[key] = "select"
		}
	}
	return reasons
}

// sliceLen reads the length of a slice passed as a function's first
// argument from a traceback's "({0xc000010000, 0x2, 0x2})"; -1 if it
// cannot tell (a "?" marks a value the traceback is unsure of).
func sliceLen(args string) int {
	if !strings.HasPrefix(args, "({") {
		return -1
	}
	fields := strings.Split(args[2:], ", ")
	if len(fields) < 2 || strings.HasSuffix(fields[1], "?") {
		return -1
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(fields[1], "}"), 0, 64)
	if err != nil {
		return -1
	}
	return int(n)
}

// ownLabelsMu makes calls of OwnLabels take turns.
var ownLabelsMu sync.Mutex

// OwnLabels returns the pprof labels of the calling goroutine (empty if it
// has none), or nil if they cannot be read. Go has no call for them: this
// reads the goroutine profile, which briefly stops the world, and takes
// the record of the one goroutine that is writing it from this call
// (calls take turns, so there is one). It is meant for rare paths, such
// as the report of a panic.
func OwnLabels() map[string]string {
	ownLabelsMu.Lock()
	var buf bytes.Buffer
	err := pprof.Lookup("goroutine").WriteTo(&buf, 1)
	ownLabelsMu.Unlock()
	if err != nil {
		return nil
	}
	pc, _, _, _ := runtime.Caller(0)
	self := runtime.FuncForPC(pc).Name() // as the profile prints it
	writing := func(rec profileRecord) bool {
		i := slices.IndexFunc(rec.frames, func(f Frame) bool { return f.Func == self })
		return i > 0 && rec.frames[i-1].Func == "runtime/pprof.(*Profile).WriteTo"
	}
	var own map[string]string
	count := 0
	for _, rec := range parseProfile(buf.String()) {
		if writing(rec) {
			own, count = rec.labels, count+rec.count
		}
	}
	if count != 1 {
		return nil
	}
	if own == nil {
		own = map[string]string{}
	}
	return own
}

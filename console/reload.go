package console

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/pipeconsole/pipeconsole/interp"
)

// reloadState is what the console keeps about files it loads and watches.
type reloadState struct {
	// mu serialises everything that evaluates: typed Go, :load, :reset
	// and watched saves, so that each one's report is its own.
	mu      sync.Mutex
	files   []string        // loaded or watched, in the order first loaded
	failed  map[string]bool // files whose last reload failed
	watcher *watcher        // nil until the first :watch
}

// swapRecord is one stage that moved to a new version in an Adopt.
type swapRecord struct {
	stage    string
	from, to int
	calls    []string // changed definitions the stage's function calls
}

func (r swapRecord) String() string {
	s := fmt.Sprintf("%s v%d -> v%d", r.stage, r.from, r.to)
	if len(r.calls) > 0 {
		s += " (uses " + strings.Join(r.calls, ", ") + ")"
	}
	return s
}

// newSwapRecord describes stage, now at version, whose function is fn.
func newSwapRecord(stage string, version int, fn string, next *interp.Generation,
	changed []string) swapRecord {
	r := swapRecord{stage: stage, from: version - 1, to: version}
	for _, name := range changed {
		if name != fn && next.DependsOn(fn, []string{name}) {
			r.calls = append(r.calls, name)
		}
	}
	return r
}

// takeSwapped returns and forgets the swaps and pause notice of the last
// Adopt.
func (c *Console) takeSwapped() ([]swapRecord, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, note := c.swapped, c.pauseNote
	c.swapped, c.pauseNote = nil, ""
	return s, note
}

// reloadFile loads path (its content b, or read from disk when b is nil)
// and returns the report block. A failure is returned as an error whose
// text is the block: the heads-up, the place, the line and a caret. The
// caller holds c.reload.mu.
func (c *Console) reloadFile(ctx context.Context, path string, b []byte) (string, error) {
	if !slices.Contains(c.reload.files, path) {
		c.reload.files = append(c.reload.files, path)
	}
	if b == nil {
		var err error
		if b, err = os.ReadFile(path); err != nil {
			return "", err
		}
	}
	c.takeSwapped()
	c.takeSwaps()
	res, err := c.sess.LoadSource(ctx, path, b)
	swapped, note := c.takeSwapped()
	c.takeSwaps()
	if errors.Is(err, interp.ErrInterrupted) {
		return "", errInterrupted
	}
	if c.reload.failed == nil {
		c.reload.failed = map[string]bool{}
	}
	if err != nil {
		c.reload.failed[path] = true
		return "", errors.New(renderReloadError(path, c.sess.Current().N(), err))
	}
	recovered := c.reload.failed[path]
	delete(c.reload.failed, path)
	return renderReload(path, res, swapped, note, recovered), nil
}

// renderReload is the block a successful reload prints:
//
//	reload w.go (generation 4): changed clean
//	  swapped upper v2 -> v3 (uses clean)
//	  kept count; afresh total (declaration changed)
func renderReload(path string, res interp.Result, swapped []swapRecord, note string,
	recovered bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "reload %s (generation %d): ", path, res.Generation)
	if recovered {
		b.WriteString("recovered from the failed save; ")
	}
	if len(res.Changed) == 0 {
		b.WriteString("nothing changed\n")
	} else {
		b.WriteString("changed " + strings.Join(res.Changed, ", ") + "\n")
	}
	if len(res.Taken) > 0 {
		names := slices.Sorted(maps.Keys(res.Taken))
		for _, n := range names {
			fmt.Fprintf(&b, "  note: %s was defined in %s too; "+
				"this file's definition replaces it\n", n, res.Taken[n])
		}
	}
	if len(swapped) > 0 {
		parts := make([]string, len(swapped))
		for i, s := range swapped {
			parts[i] = s.String()
		}
		b.WriteString("  swapped " + strings.Join(parts, ", ") + "\n")
	}
	if s := renderHandover(res.Handover); s != "" {
		b.WriteString(s)
	}
	if note != "" {
		b.WriteString("  " + note + "\n")
	}
	return b.String()
}

// renderHandover says which variables kept their values and how the hooks
// went, one line each, indented; "" when there is nothing to say.
func renderHandover(h interp.Handover) string {
	var parts []string
	if len(h.Kept) > 0 {
		parts = append(parts, "kept "+strings.Join(h.Kept, ", "))
	}
	if len(h.Fresh) > 0 {
		parts = append(parts, "afresh "+strings.Join(h.Fresh, ", ")+" (declaration changed)")
	}
	if len(h.TypeChanged) > 0 {
		parts = append(parts, "afresh "+strings.Join(h.TypeChanged, ", ")+
			" (type changed, value dropped)")
	}
	if len(h.Busy) > 0 {
		parts = append(parts, "afresh "+strings.Join(h.Busy, ", ")+
			" (a stage that did not stop uses it)")
	}
	var b strings.Builder
	if len(parts) > 0 {
		b.WriteString("  " + strings.Join(parts, "; ") + "\n")
	}
	for _, err := range []error{h.BeforeReload, h.AfterReload} {
		if err != nil {
			b.WriteString("  hook: " + err.Error() + "\n")
		}
	}
	return b.String()
}

// renderReloadError is the heads-up of a reload that did not compile:
//
//	reload w.go failed; generation 3 keeps running:
//	w.go:4:9: undefined: helpr
//	    return helpr(s)
//	           ^
func renderReloadError(path string, gen int, err error) string {
	return fmt.Sprintf("reload %s failed; generation %d keeps running:\n%v",
		path, gen, withSource(err))
}

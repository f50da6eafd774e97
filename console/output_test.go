package console

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/fatih/color"
)

// countingWriter records each Write call separately.
type countingWriter struct {
	mu     sync.Mutex
	writes []string
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

func TestOutputWritesOnlyWholeLines(t *testing.T) {
	w := &countingWriter{}
	o := NewOutput(w)
	o.Write([]byte("hel"))
	if len(w.writes) != 0 {
		t.Fatalf("a partial line was written: %q", w.writes)
	}
	o.Write([]byte("lo\nwor"))
	o.Flush()
	if got := strings.Join(w.writes, "|"); got != "hello\n|wor\n" {
		t.Fatalf("writes = %q", got)
	}
}

func TestOutputNeverInterleavesLinesOfTwoWriters(t *testing.T) {
	w := &countingWriter{}
	o := NewOutput(w)
	words := []string{strings.Repeat("a", 100), strings.Repeat("b", 100)}
	var wg sync.WaitGroup
	for _, word := range words {
		wg.Go(func() {
			for range 200 {
				o.Printf("%s", word)
			}
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(strings.Join(w.writes, ""), "\n"), "\n")
	if len(lines) != 400 {
		t.Fatalf("%d lines, want 400", len(lines))
	}
	for _, line := range lines {
		if line != words[0] && line != words[1] {
			t.Fatalf("corrupt line %q", line)
		}
	}
}

func TestColourIsDecidedPerStream(t *testing.T) {
	// C2: a buffer is not a terminal, so it gets no colour, whatever stdout is.
	if wantColor(&bytes.Buffer{}, false) {
		t.Error("colour for a non-terminal writer")
	}
	t.Setenv("NO_COLOR", "1")
	if wantColor(&bytes.Buffer{}, false) {
		t.Error("colour despite NO_COLOR")
	}

	// C3: a palette's decision holds whatever the global says, and the
	// console never writes the global.
	global := color.NoColor
	on, off := newPalette(true), newPalette(false)
	if !strings.Contains(on.errorf("x"), "\x1b[") {
		t.Error("an enabled palette printed no colour")
	}
	if off.errorf("x") != "x" {
		t.Error("a disabled palette printed colour")
	}
	if color.NoColor != global {
		t.Error("color.NoColor was changed")
	}
}

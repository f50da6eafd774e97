package stages

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Lines refuses what is not a regular file, at once: a named pipe would
// block the open until a writer comes, and /dev/zero never ends a line.
func TestLinesRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		dir:         "is a directory",
		fifo:        "is a named pipe, not a regular file",
		"/dev/zero": "is a device, not a regular file",
	} {
		done := make(chan error, 1)
		go func() { _, err := Lines(path, false); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Lines(%s): %v, want %q", path, err, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Lines(%s) blocked", path) // the open of a pipe; it leaks
		}
	}
}

// A line longer than MaxLine ends the source with an error rather than
// grow without bound.
func TestLinesStopsAtALineTooLong(t *testing.T) {
	p := filepath.Join(t.TempDir(), "long")
	long := "short\n" + strings.Repeat("x", MaxLine+1) + "\nafter\n"
	if err := os.WriteFile(p, []byte(long), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := Lines(p, false)
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan any, 4)
	err = src(make(chan struct{}), out)
	if err == nil || !strings.Contains(err.Error(), "a line longer than") {
		t.Errorf("err = %v, want a line too long", err)
	}
	if len(out) != 1 || <-out != "short" {
		t.Errorf("want only the first line sent")
	}
}

// A line of exactly MaxLine bytes is sent, with "\r\n" or without an end.
func TestLinesSendsALineOfMaxLine(t *testing.T) {
	for name, text := range map[string]string{
		"crlf": strings.Repeat("y", MaxLine) + "\r\nz\n",
		"last": "z\n" + strings.Repeat("y", MaxLine),
	} {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		src, err := Lines(p, false)
		if err != nil {
			t.Fatal(err)
		}
		out := make(chan any, 4)
		if err := src(make(chan struct{}), out); err != nil || len(out) != 2 {
			t.Errorf("%s: %v, %d lines sent; want 2 and no error", name, err, len(out))
		}
	}
}

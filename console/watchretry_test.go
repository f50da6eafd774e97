package console

import (
	"path/filepath"
	"strings"
	"testing"
)

// A file of a watched directory whose save failed is tried again after
// every later reload that succeeds: it is named while it still fails,
// and recovers once what it missed is defined. A save with the same
// content as the failed one tries it again too.
func TestAFailedWatchedFileIsRetried(t *testing.T) {
	const (
		stamp  = "package p\n\nfunc stamp(n int) string { return label(n) }\n"
		broken = "package p\n\nfunc stamp(n int) string { return label(n) + suffix() }\n"
		label  = "package p\n\nfunc label(n int) string { return fmt.Sprint(\"L\", n) }\n"
		label2 = "package p\n\nfunc label(n int) string { return fmt.Sprint(\"M\", n) }\n"
		suffix = "package p\n\nfunc suffix() string { return \"!\" }\n"
	)
	tests := []struct {
		name string
		fix  func(l *live, dir string) // defines suffix
	}{
		{"a new file defining what the failed one missed", func(l *live, dir string) {
			// A reload that does not help first: a.go is named as still failing.
			must(t, renameSave(write(t, t.TempDir(), "b.go", label2), filepath.Join(dir, "b.go")))
			errs := l.await(&l.errs, "still fails", 1)
			if !strings.Contains(errs, "undefined: suffix") {
				t.Errorf("the still-failing notice lacks the error:\n%s", errs)
			}
			write(t, dir, "c.go", suffix)
		}},
		{"the same content saved again once it can compile", func(l *live, dir string) {
			l.send("func suffix() string { return \"!\" }")
			l.await(&l.out, "defined suffix", 1)
			must(t, renameSave(write(t, t.TempDir(), "a.go", broken), filepath.Join(dir, "a.go")))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "a.go", stamp)
			write(t, dir, "b.go", label)
			l := startLive(t)
			l.send(`import "fmt"`, ":watch "+dir, ":source t ticker every=1ms", ":stage stamp",
				":sink s count", ":wire t -> stamp -> s", ":start")
			l.await(&l.out, "started run 1", 1)

			a := filepath.Join(dir, "a.go")
			must(t, renameSave(write(t, t.TempDir(), "a.go", broken), a))
			l.await(&l.errs, "undefined: suffix", 1)

			tt.fix(l, dir)
			out := l.await(&l.out, "reload "+a+" (generation", 2)
			i := strings.LastIndex(out, "reload "+a+" (generation")
			if !strings.Contains(out[i:], "recovered from the failed save") ||
				!strings.Contains(out[i:], "  swapped stamp v") {
				t.Errorf("a.go's retry did not recover and swap stamp:\n%s", out[i:])
			}
			l.send(":stop", ":expect stamp.errors == 0", ":expect leaks == 0")
			if code := l.end(); code != 0 {
				t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, l.out.String(), l.errs.String())
			}
		})
	}
}

// A file of a directory loaded before the one it needs is tried again
// within the :watch; it failed where nobody saw it, so it did not
// "recover".
func TestAWatchedDirectoryLoadedOutOfOrderRecoversNothing(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.go", "package p\nfunc stamp(n int) string { return label(n) }\n")
	write(t, dir, "b.go", "package p\nfunc label(n int) string { return fmt.Sprint(n) }\n")
	code, out, errs := runText(t, Script, "import \"fmt\"\n:watch "+dir+"\n")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if !strings.Contains(out, "changed stamp") || strings.Contains(out, "recovered") {
		t.Errorf("stdout:\n%s", out)
	}
}

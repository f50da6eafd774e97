package console

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// live is a console running in Piped mode on a pipe, so that a test can
// change files while it runs and watch its output.
type live struct {
	t    *testing.T
	in   *io.PipeWriter
	out  syncBuffer
	errs syncBuffer
	done chan int
}

func startLive(t *testing.T) *live {
	t.Helper()
	r, w := io.Pipe()
	l := &live{t: t, in: w, done: make(chan int, 1)}
	go func() {
		l.done <- Run(context.Background(), Config{Mode: Piped, In: r,
			Out: &l.out, Err: &l.errs, Name: "t.pcs", NoColor: true})
	}()
	t.Cleanup(func() { l.end() })
	return l
}

// send types lines into the console.
func (l *live) send(lines ...string) {
	l.t.Helper()
	for _, line := range lines {
		if _, err := io.WriteString(l.in, line+"\n"); err != nil {
			l.t.Fatalf("send %q: %v", line, err)
		}
	}
}

// await polls until stdout (or stderr) holds n occurrences of want: a
// condition, not a timed assertion; the deadline only ends a hung test.
func (l *live) await(stream *syncBuffer, want string, n int) string {
	l.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := stream.String()
		if strings.Count(s, want) >= n {
			return s
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("no %d× %q after 20s\nstdout:\n%s\nstderr:\n%s", n, want, l.out.String(), l.errs.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// end closes the input and waits for Run to return.
func (l *live) end() int {
	l.in.Close()
	code, ok := <-l.done
	if ok {
		close(l.done)
	}
	return code
}

// write puts content in dir/name and returns the path.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// stageSrc is a file with one stage function up returning tag + its input.
func stageSrc(tag string) string {
	return fmt.Sprintf("package p\n\nfunc up(n int) string {\n\treturn %q + fmt.Sprint(n)\n}\n", tag)
}

func TestLoadTheSameFileAgainAndAgain(t *testing.T) { // Y4
	dir := t.TempDir()
	f := write(t, dir, "f.go", "package p\n\nfunc f(n int) int { return n }\n")
	src := fmt.Sprintf(":load %s\n:load %s\n:load %s\n", f, f, f)
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"(generation 1): changed f", "(generation 2): nothing changed",
		"(generation 3): nothing changed"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

func TestLoadThatFailsShowsTheLineAndACaret(t *testing.T) {
	dir := t.TempDir()
	f := write(t, dir, "f.go", "package p\n\nfunc f(n int) int {\n\treturn helpr(n)\n}\n")
	_, _, errs := runText(t, Piped, ":load "+f+"\n")
	want := f + ":4:9: undefined: helpr\n    \treturn helpr(n)\n    \t       ^"
	if !strings.Contains(errs, "failed; generation 0 keeps running") || !strings.Contains(errs, want) {
		t.Errorf("stderr = %q, want the heads-up and %q", errs, want)
	}
}

// TestWatch edits watched files while a graph runs. The stage up comes
// from the watched file; every step waits for the reload's report.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	v2, v3 := write(t, dir, "v2.src", stageSrc("v2:")), write(t, dir, "v3.src", stageSrc("v3:"))
	broken := write(t, dir, "broken.src", "package p\n\nfunc up(n int) string {\n\treturn helpr(n)\n}\n")

	tests := []struct {
		name string
		edit func(f string) // saves v2 over f
	}{
		{"a save by rename reloads, and the watch survives it", func(f string) { must(t, renameSave(v2, f)) }},
		{"a save in place reloads", func(f string) { write(t, dir, filepath.Base(f), stageSrc("v2:")) }},
		{"a file removed and created again is still watched", func(f string) {
			must(t, os.Remove(f))
			write(t, dir, filepath.Base(f), stageSrc("v2:"))
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := write(t, dir, fmt.Sprintf("w%d.go", i), stageSrc("v1:"))
			l := startLive(t)
			l.send(`import "fmt"`, ":watch "+f, ":source t ticker every=1ms", ":stage up",
				":sink s count", ":wire t -> up -> s", ":start")
			l.await(&l.out, "started run 1", 1)

			tt.edit(f)
			l.await(&l.out, "swapped up v1 -> v2", 1)
			must(t, renameSave(v3, f)) // a rename save after the first edit
			l.await(&l.out, "swapped up v2 -> v3", 1)

			must(t, renameSave(broken, f))
			errs := l.await(&l.errs, "keeps running", 1)
			if !strings.Contains(errs, "undefined: helpr\n    \treturn helpr(n)\n    \t       ^") {
				t.Errorf("the failed save's report lacks the line and caret:\n%s", errs)
			}
			must(t, renameSave(v2, f))
			out := l.await(&l.out, "recovered from the failed save", 1)
			if !strings.Contains(out, "swapped up v3 -> v4") {
				t.Errorf("the recovering save did not swap up to v4:\n%s", out)
			}
			l.send(":stop", ":expect up.errors == 0", ":expect leaks == 0")
			if code := l.end(); code != 0 {
				t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, l.out.String(), l.errs.String())
			}
		})
	}
}

func TestWatchOnlyReloadsWhatChangedAndIsWatched(t *testing.T) {
	tests := []struct {
		name  string
		watch string                   // relative to the directory; "" is the directory
		setup []string                 // commands after :watch
		quiet func(dir string)         // must not reload a.go
		loud  func(dir string)         // must reload b.go
		extra func(*testing.T, string) // checks on stdout
	}{
		{name: "a save with the same content does not reload",
			quiet: func(dir string) { must(nil, renameSave(filepath.Join(dir, "a.go"), filepath.Join(dir, "a.go"))) },
			loud: func(dir string) {
				os.WriteFile(filepath.Join(dir, "b.go"), []byte("package p\nfunc b() int { return 2 }\n"), 0o644)
			}},
		{name: "an unwatched file is not reloaded", setup: []string{":unwatch A"},
			quiet: func(dir string) {
				os.WriteFile(filepath.Join(dir, "a.go"), []byte("package p\nfunc a() int { return 3 }\n"), 0o644)
			},
			loud: func(dir string) {
				os.WriteFile(filepath.Join(dir, "b.go"), []byte("package p\nfunc b() int { return 2 }\n"), 0o644)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			a := write(t, dir, "a.go", "package p\nfunc a() int { return 1 }\n")
			b := write(t, dir, "b.go", "package p\nfunc b() int { return 1 }\n")
			l := startLive(t)
			l.send(":watch "+a, ":watch "+b)
			for _, s := range tt.setup {
				l.send(strings.ReplaceAll(s, "A", a))
			}
			l.send(":status")
			l.await(&l.out, "nodes", 1)
			l.await(&l.out, "reload "+b, 1)

			tt.quiet(dir)
			tt.loud(dir)
			out := l.await(&l.out, "reload "+b, 2)
			if n := strings.Count(out, "reload "+a); n != 1 {
				t.Errorf("a.go reloaded %d times, want once (the :watch):\n%s", n, out)
			}
		})
	}
}

func TestWatchADirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.go", "package p\nfunc a() int { return b() }\n") // needs b.go first
	write(t, dir, "b.go", "package p\nfunc b() int { return 1 }\n")
	write(t, dir, "notes.txt", "not Go")
	l := startLive(t)
	l.send(":watch " + dir)
	l.await(&l.out, "changed a", 1)

	write(t, dir, "notes.txt", "still not Go")
	write(t, dir, "c.go", "package p\nfunc c() int { return a() }\n")
	out := l.await(&l.out, "changed c", 1)
	if strings.Contains(out, "notes.txt") {
		t.Errorf("a file that is not .go was loaded:\n%s", out)
	}
}

// TestStateAcrossReloads runs a counter in a stage while the program is
// redefined, and reads the counter's values as the sink printed them.
func TestStateAcrossReloads(t *testing.T) {
	tests := []struct {
		name   string
		decl   string
		redef  string
		jumpTo int    // the first value after a reset; 0: no reset, no gap
		notice string // in stdout
	}{
		{name: "a counter keeps counting across an unrelated redefinition",
			decl: "var count int", redef: "func other() {}", notice: "kept count"},
		{name: "a changed initializer resets the counter",
			decl: "var count int", redef: "var count = 1000", jumpTo: 1001,
			notice: "afresh count (declaration changed)"},
		{name: "a var marked keep survives a changed initializer",
			decl: "var count int //pc:keep", redef: "var count = 1000 //pc:keep", notice: "kept count"},
		{name: "a type change resets even a kept var, with a notice",
			decl: "var count int //pc:keep", redef: "var count int64 = 1000 //pc:keep", jumpTo: 1001,
			notice: "afresh count (type changed, value dropped)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// bump is busy most of the time, so that a reload comes while
			// it holds a message: its write must not race with the copy.
			// Dozens of messages pass during a reload (time.Sleep lasts
			// longer than asked here), so the wait after it is far above.
			src := "import \"time\"\n" + tt.decl + "\nfunc bump(n int) int {\n" +
				"\tv := count + 1\n\ttime.Sleep(50 * time.Microsecond)\n\tcount = v\n\treturn int(v)\n}\n" +
				":source t ticker every=10us\n:stage bump\n:sink s print\n:wire t -> bump -> s\n" +
				":start\n:wait s.in >= 20\n" + tt.redef + "\n:wait s.in >= 300\n:stop\n" +
				":expect leaks == 0\n"
			code, out, errs := runText(t, Script, src)
			if code != 0 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
			}
			if !strings.Contains(out, tt.notice) {
				t.Errorf("stdout lacks %q:\n%s", tt.notice, out)
			}
			checkSequence(t, printed(t, out), tt.jumpTo)
		})
	}
}

// printed returns the ints a print sink named s printed, in order.
func printed(t *testing.T, out string) []int {
	var ns []int
	for _, m := range regexp.MustCompile(`(?m)^s: (\d+)$`).FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[1])
		ns = append(ns, n)
	}
	if len(ns) < 60 {
		t.Fatalf("%d values printed, want at least 60", len(ns))
	}
	return ns
}

// checkSequence wants 1, 2, 3, ... with no value lost or repeated, except
// one jump to jumpTo if it is not 0.
func checkSequence(t *testing.T, ns []int, jumpTo int) {
	t.Helper()
	jumped := false
	for i := 1; i < len(ns); i++ {
		if ns[i] == ns[i-1]+1 {
			continue
		}
		if jumpTo != 0 && !jumped && ns[i] == jumpTo {
			jumped = true
			continue
		}
		t.Fatalf("value %d after %d (index %d): %v", ns[i], ns[i-1], i, ns)
	}
	if jumpTo != 0 && !jumped {
		t.Errorf("no jump to %d: %v", jumpTo, ns)
	}
}

func TestReloadHooksAroundAWatchedSave(t *testing.T) {
	dir := t.TempDir()
	hooks := func(tag string) string {
		return "package p\n\nvar tag = " + strconv.Quote(tag) + "\n\n" +
			"func BeforeReload() { fmt.Println(\"before\", tag) }\n" +
			"func AfterReload() { fmt.Println(\"after\", tag); if tag == \"v3\" { panic(\"late\") } }\n"
	}
	f := write(t, dir, "h.go", hooks("v1"))
	l := startLive(t)
	l.send(`import "fmt"`, ":watch "+f)
	l.await(&l.out, "after v1", 1)

	write(t, dir, "h.go", hooks("v2"))
	out := l.await(&l.out, "after v2", 1)
	if i, j := strings.Index(out, "before v1"), strings.Index(out, "after v2"); i < 0 || i > j {
		t.Errorf("want before v1, then after v2:\n%s", out)
	}
	write(t, dir, "h.go", hooks("v3"))
	out = l.await(&l.out, "hook: AfterReload panicked: "+f+":6:", 1) // then yaegi's column
	if !strings.Contains(out, "changed tag") {
		t.Errorf("the reload whose hook panicked did not go through:\n%s", out)
	}
}

func TestReset(t *testing.T) {
	dir := t.TempDir()
	f := write(t, dir, "r.go", "package p\n\nvar count int //pc:keep\n\n"+
		"func bump(n int) int { count++; return count }\n")
	src := ":load " + f + "\n:source t ticker every=1ms\n:stage bump\n:sink s print\n" +
		":wire t -> bump -> s\n:start\n:wait s.in >= 5\n:reset\n:wait s.in >= 3\n:stop\n:expect leaks == 0\n"
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	for _, want := range []string{"reset: stopped gracefully", "reset: reload " + f,
		"reset: every variable initialised afresh", "reset: started run 2"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	// After the reset the count starts again from 1, even though it is kept.
	_, after, _ := strings.Cut(out, "reset: started run 2")
	_, after, _ = strings.Cut(after, "\n")
	if !strings.HasPrefix(after, "s: 1\n") {
		t.Errorf("the first value after :reset is not 1:\n%s", after)
	}
}

func must(t *testing.T, err error) {
	if err != nil {
		if t == nil {
			panic(err)
		}
		t.Helper()
		t.Fatal(err)
	}
}

// A file that defines a name another loaded file defines says that its
// definition replaces the other's; loading it again says nothing more.
func TestReloadNotesANameTakenFromAnotherFile(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.go", "package p\n\nfunc shout(s string) string { return s + \"!\" }\n")
	b := write(t, dir, "b.go", "package p\n\nfunc shout(s string) string { return s + \"!!\" }\n")
	code, out, errs := runText(t, Script, ":load "+a+"\n:load "+b+"\n:load "+b+"\n")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	note := "note: shout was defined in " + a + " too; this file's definition replaces it"
	if strings.Count(out, note) != 1 {
		t.Errorf("want the note once:\n%s", out)
	}
}

// A watched file that is removed says so once; what it defined stays.
func TestAWatchedFileThatIsRemovedSaysSo(t *testing.T) {
	dir := t.TempDir()
	f := write(t, dir, "g.go", "package p\n\nfunc helper() int { return 1 }\n")
	l := startLive(t)
	l.send(":watch " + dir)
	l.await(&l.out, "(generation 1)", 1)
	if err := os.Remove(f); err != nil {
		t.Fatal(err)
	}
	l.await(&l.out, f+" is gone; what it defined stays", 1)
	l.send("helper()")
	out := l.await(&l.out, "\n1\n", 1)
	if strings.Count(out, "is gone") != 1 {
		t.Errorf("want the notice once:\n%s", out)
	}
}

// :copy from a named pipe is refused at once: reading it waited for a
// writer, for good.
func TestCopyRefusesANamedPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	go func() {
		_, _, errs := runText(t, Piped, ":copy "+fifo+" "+filepath.Join(dir, "to.go")+"\n")
		done <- errs
	}()
	select {
	case errs := <-done:
		if !strings.Contains(errs, fifo+" is not a regular file") {
			t.Errorf("stderr: %s", errs)
		}
	case <-time.After(10 * time.Second):
		t.Fatal(":copy from a named pipe blocked") // and leaks
	}
}

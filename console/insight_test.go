package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// releaseFile returns a path that user code polls for, and a func that
// creates it: user goroutines blocked on it end, so goleak passes.
func releaseFile(t *testing.T) (string, func()) {
	path := filepath.Join(t.TempDir(), "release")
	return path, func() {
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// waitUntil runs a command until its output contains want (the test's own
// timeout bounds it) and returns that output.
func waitUntil(t *testing.T, c *Console, line, want string) string {
	t.Helper()
	for {
		out := do(t, c, line)
		if strings.Contains(out, want) {
			return out
		}
		if t.Context().Err() != nil {
			t.Fatalf("%s never showed %q; last:\n%s", line, want, out)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAStageThatLeaksIsNamedEverywhere(t *testing.T) {
	path, release := releaseFile(t)
	c, _ := newTestConsole(t)
	do(t, c, `import "os"`, `import "time"`,
		`func leak(n int) int { go func() { for { if _, err := os.Stat(`+strconv.Quote(path)+
			`); err == nil { return }; time.Sleep(20 * time.Millisecond) } }(); return n }`,
		":source t ticker every=1ms limit=3", ":stage leak", ":sink s count",
		":wire t -> leak -> s", ":start", ":wait s.in >= 3")

	t.Run(":goroutines counts the three goroutines the stage's code started", func(t *testing.T) {
		waitUntil(t, c, ":goroutines", "leak (run 1) started by its code  3")
	})
	t.Run(":goroutines STAGE shows what they wait on, without yaegi's frames", func(t *testing.T) {
		// Polled: a goroutine between two sleeps is briefly runnable.
		out := waitUntil(t, c, ":goroutines leak", "started by its code, 3× in sleep")
		if !strings.Contains(out, "time.Sleep") {
			t.Errorf(":goroutines leak:\n%s", out)
		}
		if strings.Contains(out, "yaegi") || strings.Contains(out, "reflect.") {
			t.Errorf("internal frames left in:\n%s", out)
		}
	})
	t.Run(":stop ends with a leak check naming the stage", func(t *testing.T) {
		out := do(t, c, ":stop")
		if !strings.Contains(out, "leaks: 3 (leak: 3)") {
			t.Errorf(":stop:\n%s", out)
		}
	})
	t.Run("once the goroutines end the check says none", func(t *testing.T) {
		release()
		for c.leakCheck(context.Background()) != "leaks: none" {
			if t.Context().Err() != nil {
				t.Fatal("the leaks never ended")
			}
		}
	})
}

func TestStatusFlagsAStageStuckInOneMessage(t *testing.T) {
	path, release := releaseFile(t)
	c, _ := newTestConsole(t)
	do(t, c, `import "os"`, `import "time"`,
		`func slow(n int) int { for n == 2 { if _, err := os.Stat(`+strconv.Quote(path)+
			`); err == nil { break }; time.Sleep(time.Millisecond) }; return n }`,
		":source t ticker every=1ms limit=5", ":stage slow", ":sink s count",
		":wire t -> slow -> s buffer=2", ":start", ":wait slow.in >= 2")

	// The loop sleeps between two looks at the file: wait for a view
	// that caught it asleep.
	out := waitUntil(t, c, ":status stuck=20ms", "STUCK slow: one message in hand for 0s, in sleep at time.Sleep")
	for _, want := range []string{"t -> slow", "buffer 2/2"} {
		if !strings.Contains(out, want) {
			t.Errorf(":status lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "STUCK s:") || strings.Contains(out, "STUCK t:") {
		t.Errorf("a node that is not stuck is flagged:\n%s", out)
	}
	release()
	do(t, c, ":wait s.in >= 5", ":stop")
}

func TestStatusJSONServesLiveCounts(t *testing.T) {
	c, _ := newTestConsole(t)
	do(t, c, "func double(n int) int { return 2 * n }",
		":source t ticker every=1ms limit=7", ":stage double", ":sink s count",
		":wire t -> double -> s buffer=4", ":start", ":wait s.in >= 7")
	srv := httptest.NewServer(c.handler())
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/status.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v graphView
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	byName := map[string]nodeView{}
	for _, n := range v.Nodes {
		byName[n.Name] = n
	}
	tests := []struct {
		name      string
		got, want uint64
	}{
		{"the source sent seven", byName["t"].Out, 7},
		{"the stage took seven", byName["double"].In, 7},
		{"the sink took seven", byName["s"].In, 7},
		{"the stage's edge carried seven", v.Edges[1].Count, 7},
		{"the first edge has a buffer of four", uint64(v.Edges[0].Buffer), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %d, want %d (view %+v)", tt.got, tt.want, v)
			}
		})
	}
	if !v.Running || byName["double"].Kind != "stage" || byName["double"].Version != 1 {
		t.Errorf("view %+v", v)
	}
	do(t, c, ":stop")
}

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		name string
		addr string
		ok   bool
	}{
		{"127.0.0.1 is loopback", "127.0.0.1:6060", true},
		{"localhost is loopback", "localhost:0", true},
		{"::1 is loopback", "[::1]:6060", true},
		{"any address is refused", "0.0.0.0:6060", false},
		{"an empty host (every interface) is refused", ":6060", false},
		{"another host is refused", "example.com:80", false},
		{"no port is refused", "127.0.0.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := checkLoopback(tt.addr); (err == nil) != tt.ok {
				t.Errorf("checkLoopback(%q) = %v", tt.addr, err)
			}
		})
	}
}

func TestTopInAScriptPrintsNViewsBusiestFirst(t *testing.T) {
	code, out, errs := runText(t, Script, "func keep(n int) bool { return n%2 == 0 }\n"+
		":source t ticker every=1ms limit=40\n:stage keep\n:sink s count\n:wire t -> keep -> s\n"+
		":start\n:wait s.in >= 20\n:top 2\n:stop\n")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if n := strings.Count(out, "top "); n != 2 {
		t.Errorf("%d views, want 2:\n%s", n, out)
	}
	view := out[strings.Index(out, "top "):]
	lines := strings.Split(view, "\n")
	if len(lines) < 5 || !strings.HasPrefix(strings.TrimSpace(lines[2]), "t ") &&
		!strings.HasPrefix(strings.TrimSpace(lines[2]), "keep ") {
		t.Errorf("the busiest node (t or keep, 40 messages) is not first:\n%s", view)
	}
}

// A request naming another host (DNS rebinding from a web page) is
// refused; loopback names and addresses are served.
func TestHTTPRefusesANonLoopbackHost(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	tests := []struct {
		host string
		code int
	}{
		{"127.0.0.1:6060", http.StatusOK},
		{"localhost:6060", http.StatusOK},
		{"[::1]:6060", http.StatusOK},
		{"127.0.0.1", http.StatusOK},
		{"evil.example:6060", http.StatusForbidden},
		{"evil.example", http.StatusForbidden},
		{"10.0.0.1:6060", http.StatusForbidden},
		{"localhost.evil.example", http.StatusForbidden},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/status.json", nil)
		r.Host = tt.host
		w := httptest.NewRecorder()
		loopbackHost(ok).ServeHTTP(w, r)
		if w.Code != tt.code {
			t.Errorf("Host %q: %d, want %d", tt.host, w.Code, tt.code)
		}
	}
}

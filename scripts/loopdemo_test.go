package scripts

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/pipeconsole/pipeconsole/console"
)

// The loop demo shows a new version handling messages while they flow
// before the rollback: in its :versions, v2 handled the 300 messages
// the demo waits for (before it waited, v2 often handled fewer, or none).
func TestLoopDemoShowsV2HandlingMessages(t *testing.T) {
	t.Chdir("..")
	name := filepath.Join("scripts", "loop-demo.pcs")
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out, errs lockedBuffer
	code := console.Run(context.Background(), console.Config{
		Mode: console.Script, In: f, Name: name, Out: &out, Err: &errs, NoColor: true,
	})
	if code != console.ExitOK {
		t.Fatalf("%s exited %d:\n%s\nstdout:\n%s", name, code, errs.String(), out.String())
	}
	m := regexp.MustCompile(`(?m)^v2 +live since \S+ +handled (\d+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no v2 line in :versions:\n%s", out.String())
	}
	t.Logf("v2 handled %s", m[1])
	if n, _ := strconv.Atoi(m[1]); n < 300 {
		t.Errorf("v2 handled fewer than the 300 messages the demo waits for:\n%s", out.String())
	}
}

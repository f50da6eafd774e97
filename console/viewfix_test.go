package console

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// Right after :start, with a source that lives on, :status says running:
// it used to count the new goroutines before they had their labels and
// call every node done.
func TestStatusRightAfterStartIsRunning(t *testing.T) {
	c, _ := newTestConsole(t)
	do(t, c, ":source t ticker every=1h", ":sink s count", ":wire t -> s")
	for range 5 {
		do(t, c, ":start")
		out, err := c.runCommand(t.Context(), ":status")
		if err != nil || !strings.HasPrefix(out, "graph running (run ") {
			t.Fatalf(":status right after :start: %v\n%s", err, out)
		}
		do(t, c, ":stop now")
	}
}

// A wire made after a run shows what it carried, nothing, and not the
// count of the node it leaves; with fan-out, each wire its own.
func TestWireCountsAreTheirOwn(t *testing.T) {
	c, _ := newTestConsole(t)
	do(t, c, "func id(n int) int { return n }", ":source t ticker every=1ms limit=5",
		":stage id", ":sink a count", ":wire t -> id -> a", ":start", ":wait a.in == 5",
		":stop", ":sink b count", ":wire id -> b")
	v := c.view(stuckAfter)
	got := map[string]uint64{}
	for _, e := range v.Edges {
		got[e.From+"->"+e.To] = e.Count
	}
	if got["t->id"] != 5 || got["id->a"] != 5 || got["id->b"] != 0 {
		t.Errorf("edge counts %v, want t->id 5, id->a 5, id->b 0", got)
	}
}

// With no nodes the live page's JSON has empty lists, which the page can
// iterate, not nulls.
func TestStatusJSONOfAnEmptyGraph(t *testing.T) {
	c, _ := newTestConsole(t)
	rec := httptest.NewRecorder()
	c.handler().ServeHTTP(rec, httptest.NewRequest("GET", "/status.json", nil))
	body := rec.Body.String()
	if !strings.Contains(body, `"nodes":[]`) || !strings.Contains(body, `"edges":[]`) {
		t.Errorf("status.json of an empty graph: %s", body)
	}
}

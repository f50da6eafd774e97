package console

import (
	"strings"
	"testing"
)

func TestHelpListsEveryCommandFromTheTable(t *testing.T) {
	table := commandTable()
	help := helpAll(table)
	for _, cmd := range table {
		if !strings.Contains(help, cmd.usage()) || !strings.Contains(help, cmd.summary) {
			t.Errorf("help lacks %s: %s", cmd.usage(), cmd.summary)
		}
	}
	want := []string{"source", "stage", "sink", "wire", "start", "stop", "status",
		"goroutines", "wait", "expect", "sleep", "load", "help", "quit"}
	for _, name := range want {
		if _, err := lookup(table, name); err != nil {
			t.Errorf("command :%s missing: %v", name, err)
		}
	}
}

func TestHelpOneShowsUsageAndDetail(t *testing.T) {
	got := helpOne(cmdWait)
	for _, want := range []string{"usage: :wait COND [timeout=DURATION]", "leaks OP N"} {
		if !strings.Contains(got, want) {
			t.Errorf("help for :wait lacks %q:\n%s", want, got)
		}
	}
}

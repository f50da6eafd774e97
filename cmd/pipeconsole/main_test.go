package main

import (
	"strings"
	"testing"
)

func TestHelpListsOnlyOurFlags(t *testing.T) {
	var out strings.Builder
	if code := run([]string{"-help"}, &out); code != 0 {
		t.Errorf("-help exited %d", code)
	}
	for _, want := range []string{"-script", "-echo", "-http", "-no-color", "-version"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-help lacks %s:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "quickchecks") {
		t.Errorf("-help lists a flag of a linked package:\n%s", out.String())
	}
}

func TestScriptThatIsADirectory(t *testing.T) {
	var out strings.Builder
	dir := t.TempDir()
	if code := run([]string{"-script", dir}, &out); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if want := "-script " + dir + ": is a directory"; !strings.Contains(out.String(), want) {
		t.Errorf("said %q, want %q", out.String(), want)
	}
}

func TestBadFlagAndArgument(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"extra"}} {
		var out strings.Builder
		if code := run(args, &out); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
		if !strings.Contains(out.String(), "Usage") {
			t.Errorf("%q: no usage in %q", args, out.String())
		}
	}
}

package console

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseLine(t *testing.T) {
	tests := []struct {
		name, line, cmd string
		pos             []string
		opts            map[string]string
		err             string
	}{
		{name: "words and options are told apart", line: ":source tick ticker every=10ms limit=5",
			cmd: "source", pos: []string{"tick", "ticker"}, opts: map[string]string{"every": "10ms", "limit": "5"}},
		{name: "a quoted word keeps its spaces", line: `:load "my file.go"`,
			cmd: "load", pos: []string{"my file.go"}, opts: map[string]string{}},
		{name: "a quoted option value keeps its spaces", line: `:source l lines file="a b.txt"`,
			cmd: "source", pos: []string{"l", "lines"}, opts: map[string]string{"file": "a b.txt"}},
		{name: "a condition with == stays positional", line: ":expect leaks==0",
			cmd: "expect", pos: []string{"leaks==0"}, opts: map[string]string{}},
		{name: "a condition with >= stays positional", line: ":wait count.in>=3 timeout=1s",
			cmd: "wait", pos: []string{"count.in>=3"}, opts: map[string]string{"timeout": "1s"}},
		{name: "arrows are words", line: ":wire a -> b buffer=4",
			cmd: "wire", pos: []string{"a", "->", "b"}, opts: map[string]string{"buffer": "4"}},
		{name: "a lone colon is an error", line: ":", err: "missing command name"},
		{name: "an unterminated quote is an error", line: `:load "x`, err: "unterminated"},
		{name: "an option given twice is an error", line: ":stop timeout=1s timeout=2s", err: "given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, a, err := parseLine(tt.line)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cmd != tt.cmd || !reflect.DeepEqual(a.Pos, tt.pos) || !reflect.DeepEqual(a.Opts, tt.opts) {
				t.Errorf("got %q %q %v, want %q %q %v", cmd, a.Pos, a.Opts, tt.cmd, tt.pos, tt.opts)
			}
		})
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct{ name, line, err string }{
		{"a known command with good arguments parses", ":stage upper fn=up workers=2", ""},
		{"an unknown command suggests the closest", ":strat", `unknown command ":strat" (did you mean ":start"?)`},
		{"two swapped letters count as one edit", ":stauts", `unknown command ":stauts" (did you mean ":status"?)`},
		{"an unknown command far from all has no suggestion", ":xyzzyq", `unknown command ":xyzzyq"`},
		{"too few words show the usage", ":sink out", ":sink: usage: :sink NAME print|count|discard"},
		{"too many words show the usage", ":start now", ":start: usage: :start"},
		{"an unknown option suggests the closest", ":stage s workrs=2", `unknown option workrs= (did you mean "workers"?)`},
		{"an option given twice names the command", ":stage s workers=2 workers=3",
			":stage: option workers= given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parseCommand(commandTable(), tt.line)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want one containing %q", err, tt.err)
			}
		})
	}
}

func TestParseChain(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		bad      bool
	}{
		{name: "two nodes", in: "a -> b", want: []string{"a", "b"}},
		{name: "a chain of three without spaces", in: "a->b->c", want: []string{"a", "b", "c"}},
		{name: "one node is not a wire", in: "a", bad: true},
		{name: "a missing node is an error", in: "a -> -> c", bad: true},
		{name: "two words between arrows are an error", in: "a b -> c", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseChain(tt.in)
			if (err != nil) != tt.bad || !tt.bad && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseChain(%q) = %q, %v", tt.in, got, err)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a transposition is found", "uper", "upper"},
		{"an exact name is itself", "count", "count"},
		{"a distant name finds nothing", "zzzzzz", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := suggest(tt.in, []string{"upper", "count", "tick"}); got != tt.want {
				t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

package console

import (
	"strings"
	"testing"
)

func TestParseCond(t *testing.T) {
	tests := []struct {
		name, in string
		want     Cond
		err      string
	}{
		{name: "a node counter with spaces", in: "count.in >= 10", want: Cond{"count", "in", ">=", 10}},
		{name: "a node counter without spaces", in: "upper.version==2", want: Cond{"upper", "version", "==", 2}},
		{name: "the process goroutines", in: "goroutines < 50", want: Cond{"", "goroutines", "<", 50}},
		{name: "leaks", in: "leaks == 0", want: Cond{"", "leaks", "==", 0}},
		{name: "not equal", in: "s.errors != 0", want: Cond{"s", "errors", "!=", 0}},
		{name: "a negative number", in: "s.out > -1", want: Cond{"s", "out", ">", -1}},
		{name: "no operator", in: "count.in 10", err: "want COUNTER OP NUMBER"},
		{name: "a bad number", in: "count.in >= ten", err: `"ten" is not a whole number`},
		{name: "an unknown field suggests", in: "count.inn >= 1", err: `(did you mean "in"?)`},
		{name: "an unknown counter suggests", in: "leak == 0", err: `(did you mean "leaks"?)`},
		{name: "a missing node", in: ".in == 0", err: "missing node name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCond(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("parseCond(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestCondHolds(t *testing.T) {
	tests := []struct {
		op   string
		v    int64
		want bool
	}{
		{"==", 3, true}, {"==", 4, false}, {"!=", 4, true}, {"!=", 3, false},
		{"<", 2, true}, {"<", 3, false}, {"<=", 3, true}, {"<=", 4, false},
		{">", 4, true}, {">", 3, false}, {">=", 3, true}, {">=", 2, false},
	}
	for _, tt := range tests {
		c := Cond{Field: "leaks", Op: tt.op, Want: 3}
		if got := c.Holds(tt.v); got != tt.want {
			t.Errorf("%d %s 3 = %v, want %v", tt.v, tt.op, got, tt.want)
		}
	}
}

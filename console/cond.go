package console

import (
	"fmt"
	"strconv"
	"strings"
)

// Cond is a condition of :wait and :expect: a counter compared with a whole
// number. Node is empty for the process-wide counters.
type Cond struct {
	Node  string // "upper"; "" for goroutines and leaks
	Field string // in, out, errors, version, goroutines or leaks
	Op    string // == != < <= > >=
	Want  int64
}

// nodeFields and globalFields are the counters a condition may name.
var (
	nodeFields   = []string{"in", "out", "errors", "version"}
	globalFields = []string{"goroutines", "leaks"}
)

// ops is ordered so that two-character operators are tried first.
var ops = []string{"==", "!=", "<=", ">=", "<", ">"}

// parseCond parses "NAME.FIELD OP INT", "goroutines OP INT" or
// "leaks OP INT"; spaces around the operator are optional. It is a pure
// function.
func parseCond(s string) (Cond, error) {
	s = strings.TrimSpace(s)
	i, op := findOp(s)
	if i < 0 {
		return Cond{}, fmt.Errorf("condition %q: want COUNTER OP NUMBER with OP one of %s",
			s, strings.Join(ops, " "))
	}
	left, right := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(op):])

	want, err := strconv.ParseInt(right, 10, 64)
	if err != nil {
		return Cond{}, fmt.Errorf("condition %q: %q is not a whole number", s, right)
	}
	c := Cond{Op: op, Want: want}

	node, field, dotted := strings.Cut(left, ".")
	switch {
	case !dotted && contains(globalFields, left):
		c.Field = left
	case !dotted:
		return Cond{}, fmt.Errorf("condition %q: unknown counter %q "+
			"(want NAME.FIELD, goroutines or leaks)%s", s, left, didYouMean(left, globalFields))
	case node == "":
		return Cond{}, fmt.Errorf("condition %q: missing node name before %q", s, "."+field)
	case !contains(nodeFields, field):
		return Cond{}, fmt.Errorf("condition %q: unknown field %q (want one of %s)%s",
			s, field, strings.Join(nodeFields, ", "), didYouMean(field, nodeFields))
	default:
		c.Node, c.Field = node, field
	}
	return c, nil
}

// findOp returns the position and text of the first comparison operator.
func findOp(s string) (int, string) {
	for i := 0; i < len(s); i++ {
		for _, op := range ops {
			if strings.HasPrefix(s[i:], op) {
				return i, op
			}
		}
	}
	return -1, ""
}

// Holds reports whether the counter's value v satisfies c.
func (c Cond) Holds(v int64) bool {
	switch c.Op {
	case "==":
		return v == c.Want
	case "!=":
		return v != c.Want
	case "<":
		return v < c.Want
	case "<=":
		return v <= c.Want
	case ">":
		return v > c.Want
	case ">=":
		return v >= c.Want
	}
	return false
}

// Counter names the counter: "upper.out", "leaks".
func (c Cond) Counter() string {
	if c.Node == "" {
		return c.Field
	}
	return c.Node + "." + c.Field
}

func (c Cond) String() string { return fmt.Sprintf("%s %s %d", c.Counter(), c.Op, c.Want) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package console

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

var cmdVersions = &command{
	name:    "versions",
	args:    "STAGE",
	summary: "list a stage's versions: when each went live, messages handled, its code",
	detail: `Each line is one version: its number, the time it went live, how many
messages were given to it over every run, and "rollback of vK" for a
version that :rollback made. Below it, the source of the definitions its
function depended on then (the function and what it calls or uses).
Works for stages, loop stages and Go sources.`,
	minPos: 1, maxPos: 1,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		name := a.Pos[0]
		infos, err := c.graph.Versions(name)
		if err != nil {
			return "", c.unknownNode(name, err)
		}
		var b strings.Builder
		tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
		for _, in := range infos {
			cv, kept := c.book.code(name, in.N)
			note := ""
			if of := max(in.RollbackOf, cv.rollbackOf); of > 0 {
				note = fmt.Sprintf("rollback of v%d", of)
			}
			fmt.Fprintf(tw, "v%d\tlive since %s\thandled %d\t%s\n", in.N,
				in.Since.Format(time.TimeOnly+".000"), in.Handled, note)
			if kept {
				tw.Flush()
				b.WriteString(indentSource(cv.src, "    "))
			}
		}
		tw.Flush()
		return b.String(), nil
	},
}

// indentSource prefixes every line of s, imports left out: they are the same
// for every version.
func indentSource(s, prefix string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if strings.HasPrefix(line, "import ") {
			continue
		}
		b.WriteString(prefix + strings.TrimRight(line, "\n") + "\n")
	}
	return b.String()
}

var cmdRollback = &command{
	name:    "rollback",
	args:    "STAGE [vN]",
	summary: "return a stage to the code of an earlier version (default: the one before)",
	detail: `A rollback is a redefinition: the source that version ran (its
function and every definition it depended on, as :versions shows) is
evaluated again, builds a new generation and swaps the stage to a new
version, marked "rollback of vN". Since the program is one, every other
stage that calls a definition rolled back also gets the old code; its
variables follow the usual rules (an unchanged declaration keeps its
value). A loop stage is swapped as on a redefinition: its old version is
stopped and waited for.`,
	minPos: 1, maxPos: 2,
	run: func(c *Console, ctx context.Context, a Args) (string, error) {
		name := a.Pos[0]
		infos, err := c.graph.Versions(name)
		if err != nil {
			return "", c.unknownNode(name, err)
		}
		cur := infos[len(infos)-1].N
		to := cur - 1
		if len(a.Pos) == 2 {
			n, err := strconv.Atoi(strings.TrimPrefix(a.Pos[1], "v"))
			if err != nil {
				return "", fmt.Errorf("want a version such as v1, got %q", a.Pos[1])
			}
			to = n
		}
		if cur == 1 {
			return "", fmt.Errorf("%s has only v1: there is nothing to roll back to", name)
		}
		if to < 1 || to >= cur {
			return "", fmt.Errorf("%s has no version v%d before its current v%d", name, to, cur)
		}
		cv, ok := c.book.code(name, to)
		if !ok {
			return "", fmt.Errorf("no code kept for %s v%d", name, to)
		}

		done := c.book.rollingBack(name, to)
		defer done()
		place := fmt.Sprintf("rollback of %s to v%d", name, to)
		if err := c.evalGo(ctx, place, 1, cv.src); err != nil {
			return "", err
		}
		now, err := c.graph.Versions(name)
		if err != nil {
			return "", err
		}
		if n := now[len(now)-1].N; n != cur {
			return fmt.Sprintf("%s is at v%d, a rollback of v%d", name, n, to), nil
		}
		return "", fmt.Errorf("%s stays at v%d: its code is already that of v%d, "+
			"or its swap did not happen (see above)", name, cur, to)
	},
}

// unknownNode words an error of the graph about node name.
func (c *Console) unknownNode(name string, err error) error {
	names := c.graph.Names()
	for _, n := range names {
		if n == name {
			return err
		}
	}
	return fmt.Errorf("unknown stage %q%s", name, didYouMean(name, names))
}

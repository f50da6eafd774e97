package console

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
)

var cmdHelp = &command{
	name:    "help",
	args:    "[COMMAND]",
	summary: "list the commands, or describe one",
	maxPos:  1,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		if len(a.Pos) == 0 {
			return helpAll(c.cmds), nil
		}
		cmd, err := lookup(c.cmds, strings.TrimPrefix(a.Pos[0], ":"))
		if err != nil {
			return "", err
		}
		return helpOne(cmd), nil
	},
}

// helpAll lists every command of the table with its usage and summary.
func helpAll(table []*command) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	for _, cmd := range table {
		fmt.Fprintf(tw, "  %s\t%s\n", cmd.usage(), cmd.summary)
	}
	tw.Flush()
	b.WriteString("Anything else is Go, run by the interpreter; an unfinished " +
		"line continues on the next.\nLines starting with # are comments.\n")
	return b.String()
}

// helpOne describes one command.
func helpOne(cmd *command) string {
	s := "usage: " + cmd.usage() + "\n" + cmd.summary + "\n"
	if cmd.detail != "" {
		s += strings.TrimSpace(cmd.detail) + "\n"
	}
	return s
}

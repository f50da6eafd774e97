package console

import (
	"context"
	"fmt"
	"strings"
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

// helpAll lists every command of the table: its usage, and its summary on
// the next line, so that a long usage does not push every summary right.
func helpAll(table []*command) string {
	var b strings.Builder
	for _, cmd := range table {
		fmt.Fprintf(&b, "  %s\n      %s\n", cmd.usage(), cmd.summary)
	}
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

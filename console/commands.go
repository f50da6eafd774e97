package console

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// command is one console command. Its usage data builds :help, and parse
// checks a line against it before run sees it.
type command struct {
	name    string   // without the colon
	args    string   // usage after the name
	summary string   // one line
	detail  string   // more lines for :help NAME, optional
	minPos  int      // fewest positional words
	maxPos  int      // most positional words; -1: no limit
	opts    []string // allowed options (key=)

	// run does the command and returns what to show. It must change
	// nothing when it returns an error.
	run func(c *Console, ctx context.Context, a Args) (string, error)
}

func (cmd *command) usage() string {
	if cmd.args == "" {
		return ":" + cmd.name
	}
	return ":" + cmd.name + " " + cmd.args
}

// commandTable returns every command, in the order :help lists them.
func commandTable() []*command {
	return []*command{
		cmdSource, cmdStage, cmdSink, cmdWire, cmdUnwire, cmdRemove,
		cmdStart, cmdStop, cmdStatus, cmdTop, cmdGraph, cmdGoroutines, cmdShow,
		cmdWait, cmdExpect, cmdSleep,
		cmdPause, cmdResume, cmdVersions, cmdRollback,
		cmdLoad, cmdWatch, cmdUnwatch, cmdReset, cmdCopy,
		cmdHelp, cmdQuit,
	}
}

// lookup finds a command by name, with a suggestion when there is none.
func lookup(table []*command, name string) (*command, error) {
	names := make([]string, len(table))
	for i, cmd := range table {
		if cmd.name == name {
			return cmd, nil
		}
		names[i] = ":" + cmd.name
	}
	return nil, fmt.Errorf("unknown command %q%s", ":"+name, didYouMean(":"+name, names))
}

// check verifies the number of positional words and the option names.
func (cmd *command) check(a Args) error {
	if len(a.Pos) < cmd.minPos || cmd.maxPos >= 0 && len(a.Pos) > cmd.maxPos {
		return fmt.Errorf("usage: %s", cmd.usage())
	}
	keys := make([]string, 0, len(a.Opts))
	for k := range a.Opts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !contains(cmd.opts, k) {
			return fmt.Errorf("unknown option %s=%s; usage: %s",
				k, didYouMean(k, cmd.opts), cmd.usage())
		}
	}
	return nil
}

// parseCommand parses a command line against the table: the command and its
// checked arguments. It is a pure function.
func parseCommand(table []*command, line string) (*command, Args, error) {
	name, a, err := parseLine(line)
	if err != nil && name != "" {
		return nil, Args{}, fmt.Errorf(":%s: %w", name, err)
	}
	if err != nil {
		return nil, Args{}, err
	}
	cmd, err := lookup(table, name)
	if err != nil {
		return nil, Args{}, err
	}
	if err := cmd.check(a); err != nil {
		return nil, Args{}, fmt.Errorf(":%s: %w", cmd.name, err)
	}
	return cmd, a, nil
}

// joinPos joins the positional words back with single spaces.
func (a Args) joinPos() string { return strings.Join(a.Pos, " ") }

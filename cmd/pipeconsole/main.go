// Command pipeconsole is an interactive console for programs made of
// goroutine stages connected by channels. See package console for the
// language it reads.
//
// Usage:
//
//	pipeconsole               interactive, on a terminal
//	pipeconsole < FILE        the same language from a pipe, no prompt
//	pipeconsole -script FILE  run FILE, stop at the first failure
//	pipeconsole -echo ...     show each script or piped line before its output
package main

import (
	"context"
	"errors"
	flagpkg "flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"golang.org/x/term"

	"github.com/pipeconsole/pipeconsole/console"
)

const version = "pipeconsole 0.1"

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

// run is the program with its arguments; what it says of them goes to
// stderr.
func run(args []string, stderr io.Writer) int {
	// A flag set of our own: packages linked in through yaegi's standard
	// library (testing/quick) register flags on flag.CommandLine.
	flag := flagpkg.NewFlagSet("pipeconsole", flagpkg.ContinueOnError)
	flag.SetOutput(stderr)
	script := flag.String("script", "", "run `FILE` and stop at the first failure")
	noColor := flag.Bool("no-color", false, "never colour the output (NO_COLOR works too)")
	echo := flag.Bool("echo", false, "show each line of a script or pipe before its output")
	showVersion := flag.Bool("version", false, "print the version and exit")
	httpAddr := flag.String("http", "", "serve the live graph page and /debug/pprof/ on loopback "+
		"`HOST:PORT` (127.0.0.1:6060)")
	if err := flag.Parse(args); err != nil {
		if errors.Is(err, flagpkg.ErrHelp) {
			return 0
		}
		return 2
	}
	if *showVersion {
		fmt.Println(version)
		return 0
	}
	if flag.NArg() > 0 {
		fmt.Fprintf(stderr, "pipeconsole: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		return 2
	}

	cfg := console.Config{Mode: console.Piped, In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		NoColor: *noColor, HTTP: *httpAddr, Echo: *echo}
	switch {
	case *script != "":
		f, err := os.Open(*script)
		if err != nil {
			fmt.Fprintf(stderr, "pipeconsole: %v\n", err)
			return 1
		}
		if st, err := f.Stat(); err == nil && st.IsDir() {
			fmt.Fprintf(stderr, "pipeconsole: -script %s: is a directory\n", *script)
			return 1
		}
		defer f.Close()
		cfg.Mode, cfg.In, cfg.Name = console.Script, f, *script
	case term.IsTerminal(int(os.Stdin.Fd())):
		if os.Getenv(console.ChildEnv) == "" {
			return console.Supervise(args)
		}
		cfg.Mode, cfg.Err, cfg.HistoryFile = console.Interactive, nil, historyFile()
	}

	// SIGTERM and SIGHUP end the session; SIGINT interrupts the foreground.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	cfg.Interrupts = interrupts

	return console.Run(ctx, cfg)
}

// historyFile is $PIPECONSOLE_HISTORY when set (empty: no history), else
// ~/.pipeconsole_history.
func historyFile() string {
	if p, ok := os.LookupEnv("PIPECONSOLE_HISTORY"); ok {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".pipeconsole_history")
}

// Command routerisk analyses the route risk of a smuggling corridor from the
// command line: the embedded Northern Route or a corridor folder of the
// user's own, with settings in files, and writes QGIS-ready layers, a
// GeoPackage and a web map.
//
// Usage:
//
//	routerisk analyze [-corridor DIR] [-out DIR] [-calibrate] [-segment-km KM] [-scenario NAME|FILE] [-target NAME|FILE]
//	routerisk validate DIR
//	routerisk compare [-corridor DIR] [-a NAME|FILE] -b NAME|FILE -out DIR
//	routerisk scenario list
//	routerisk scenario show NAME
//	routerisk settings show scenario|target|graph|countries|menu NAME
//	routerisk simulate [-corridor DIR] [-out DIR] [-from yyyy-mm] [-to yyyy-mm] [-seed N] [-calibrate] [-segment-km KM] [-scenario NAME|FILE]
//	routerisk plan [-corridor DIR] [-scenario NAME|FILE] [-menu FILE] [-budget N] [-pair-share S] [-time-limit D] [-calibrate] -out DIR [-json]
//	routerisk plan -arcs FILE -scenarios FILE -budget N [-maxmin] [-json]
//
// Run routerisk COMMAND -h for each command's flags. Exit status: 0 on
// success, 1 on an error (and from validate when the corridor has errors),
// 2 on a usage error, 130 when interrupted with Ctrl-C.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/term"
)

// Exit statuses.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInterrupted = 130 // 128 + SIGINT, as shells report it
)

// errUsage is a usage error whose message and usage were printed already.
var errUsage = errors.New("usage")

// errHelp is a request for help that was answered.
var errHelp = errors.New("help")

// errFailed is a failure whose report was printed already (validate's
// findings).
var errFailed = errors.New("failed")

// env is where a command writes and what it knows of its terminal.
type env struct {
	stdout, stderr io.Writer
	terminal       bool // stderr is a terminal: draw a progress bar
}

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, e *env, args []string) error
}

var commands = []command{
	{"analyze", "[flags]", "run the analysis and write the QGIS project, GeoPackage and web map", cmdAnalyze},
	{"validate", "[flags] DIR", "check a corridor folder: findings with their IDs, exit status 1 on errors", cmdValidate},
	{"compare", "[flags] -b NAME|FILE -out DIR", "compare two scenarios on one corridor and write the differences as a styled folder", cmdCompare},
	{"scenario", "list | show NAME", "list the named scenarios, or print one as an editable settings file", cmdScenario},
	{"settings", "list | show KIND NAME", "print named target, graph, country or upgrade-menu settings as editable files", cmdSettings},
	{"simulate", "[flags]", "run traffickers and border services month by month and write dated layers for QGIS's temporal controller", cmdSimulate},
	{"plan", "[flags] -out DIR | -arcs FILE -scenarios FILE -budget N", "choose defender upgrades within a budget on a corridor or from CSV files, with a certified optimality gap", cmdPlan},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C stops the work cleanly; a second one, during the
	// few seconds of writing the export, stops the process at once (the
	// next run removes the temporary folder it leaves).
	go func() {
		<-ctx.Done()
		stop()
	}()
	e := &env{stdout: os.Stdout, stderr: os.Stderr, terminal: term.IsTerminal(int(os.Stderr.Fd()))}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run runs the command line args and returns the exit status.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && name == "help" {
			for _, c := range commands {
				if c.name == args[1] {
					return status(e, c.run(ctx, e, []string{"-h"}))
				}
			}
			fmt.Fprintf(e.stderr, "routerisk: unknown command %q\n", args[1])
			usage(e.stderr)
			return exitUsage
		}
		usage(e.stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == name {
			return status(e, c.run(ctx, e, args[1:]))
		}
	}
	fmt.Fprintf(e.stderr, "routerisk: unknown command %q\n\n", name)
	usage(e.stderr)
	return exitUsage
}

// status reports err and returns its exit status.
func status(e *env, err error) int {
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, errUsage):
		return exitUsage
	case errors.Is(err, errFailed):
		return exitError
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(e.stderr, "routerisk: interrupted; nothing was written")
		return exitInterrupted
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "routerisk: ") {
		msg = "routerisk: " + msg
	}
	fmt.Fprintln(e.stderr, msg)
	return exitError
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "routerisk analyses the route risk of smuggling corridors and writes QGIS-ready layers.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage: routerisk COMMAND [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'routerisk COMMAND -h' for a command's flags. Settings files are described in docs/settings.md.")
}

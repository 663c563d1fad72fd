package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// newFlags returns the flag set of a command, printing its usage to stderr.
func (e *env) newFlags(name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("routerisk "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: routerisk %s %s\n\n%s\n", name, args, strings.TrimSpace(about))
		if hasFlags(fs) {
			fmt.Fprintln(e.stderr, "\nflags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse parses args and returns the positional arguments, of which there
// must be exactly n; a flag after them is a usage error, not silently an
// argument.
func (e *env) parse(fs *flag.FlagSet, args []string, n int) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		}
		return nil, errUsage // the flag package printed the error and the usage
	}
	rest := fs.Args()
	for _, a := range rest {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.Usage()
			return nil, errHelp
		}
	}
	for _, a := range rest {
		if strings.HasPrefix(a, "-") && a != "-" {
			return nil, e.usageError(fs, "flag %s after the argument %q: flags go before arguments", a, rest[0])
		}
	}
	switch {
	case len(rest) > n && n == 0:
		return nil, e.usageError(fs, "unexpected argument %q: this command takes none", rest[0])
	case len(rest) > n:
		return nil, e.usageError(fs, "unexpected argument %q", rest[n])
	case len(rest) < n:
		return nil, e.usageError(fs, "missing argument")
	}
	return rest, nil
}

// usageError prints a usage error and the command's usage.
func (e *env) usageError(fs *flag.FlagSet, format string, args ...any) error {
	fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return errUsage
}

// autoBool is a boolean flag that may be left unset, "auto": -calibrate
// turns calibration on, -calibrate=false off, and unset calibrates when
// there is a target.
type autoBool struct {
	set, value bool
}

func (b *autoBool) String() string {
	if b == nil || !b.set {
		return "auto"
	}
	return strconv.FormatBool(b.value)
}

func (b *autoBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("want true or false, got %q", s)
	}
	b.set, b.value = true, v
	return nil
}

func (b *autoBool) IsBoolFlag() bool { return true }

// or returns the flag's value, or def when it was not set.
func (b *autoBool) or(def bool) bool {
	if b.set {
		return b.value
	}
	return def
}

package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/routerisk/routerisk"
)

// progress shows the steps of an analysis on stderr: a bar, refreshed with
// the elapsed time, on a terminal; a plain line per step otherwise. done
// clears the bar.
func (e *env) progress(what string) (report func(routerisk.Step), done func()) {
	start := time.Now()
	if !e.terminal {
		return func(s routerisk.Step) {
			fmt.Fprintf(e.stderr, "routerisk: %s: step %d of %d: %s (%.1f s)\n", what, s.Index+1, s.Total, s.Name, time.Since(start).Seconds())
		}, func() {}
	}
	var (
		mu   sync.Mutex
		bar  *progressbar.ProgressBar
		stop = make(chan struct{})
		wg   sync.WaitGroup
	)
	report = func(s routerisk.Step) {
		mu.Lock()
		defer mu.Unlock()
		if bar == nil {
			bar = progressbar.NewOptions(s.Total,
				progressbar.OptionSetWriter(e.stderr),
				progressbar.OptionSetWidth(20),
				progressbar.OptionShowCount(),
				progressbar.OptionSetElapsedTime(true),
				progressbar.OptionSetPredictTime(false),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionThrottle(100*time.Millisecond),
			)
			wg.Add(1)
			go func() { // redraw the elapsed time during a long step
				defer wg.Done()
				t := time.NewTicker(250 * time.Millisecond)
				defer t.Stop()
				for {
					select {
					case <-stop:
						return
					case <-t.C:
						mu.Lock()
						bar.Add(0)
						mu.Unlock()
					}
				}
			}()
		}
		bar.Describe(fmt.Sprintf("%s: %s", what, s.Name))
		bar.Set(s.Index)
	}
	done = func() {
		close(stop)
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		if bar != nil {
			bar.Finish()
		}
	}
	return report, done
}

// analyze runs routerisk.Analyze on the set-up corridor with the progress
// of command what, and reports a cancelled context as its error.
func (e *env) analyze(ctx context.Context, what string, cs *corridorSetup, opt *routerisk.Options) (*routerisk.Analysis, error) {
	report, done := e.progress(what)
	opt.Progress = report
	a, err := routerisk.Analyze(ctx, cs.corridor, opt)
	done()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

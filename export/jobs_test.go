package export

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// jobNamed returns a job that waits d, then returns one file named name or
// err.
func jobNamed(cost int, name string, d time.Duration, err error) job {
	return job{cost, func(string) ([]File, error) {
		time.Sleep(d)
		if err != nil {
			return nil, err
		}
		return []File{{Name: name, Format: "txt"}}, nil
	}}
}

// TestRunJobsOrder checks that the files come back in the jobs' order
// whatever order the jobs finish in, and that the error returned is that
// of the first failed job in that order, not the first to fail.
func TestRunJobsOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	jobs := []job{
		jobNamed(1, "a", 30*time.Millisecond, nil),
		jobNamed(5, "b", 0, nil),
		jobNamed(3, "c", 10*time.Millisecond, nil),
		{2, func(string) ([]File, error) { return []File{{Name: "d"}, {Name: "e"}}, nil }},
		{9, func(string) ([]File, error) { return nil, nil }},
	}
	files, err := runJobs(t.TempDir(), jobs)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if want := []string{"a", "b", "c", "d", "e"}; !slices.Equal(names, want) {
		t.Errorf("got files %v, want %v", names, want)
	}

	early, late := errors.New("fails early"), errors.New("fails late")
	jobs = []job{
		jobNamed(1, "a", 0, nil),
		jobNamed(2, "b", 40*time.Millisecond, late), // first in order
		jobNamed(3, "c", 0, early),                  // first to fail
		jobNamed(1, "d", 0, nil),
	}
	for range 5 {
		if _, err := runJobs(t.TempDir(), jobs); !errors.Is(err, late) {
			t.Fatalf("got error %v, want %v", err, late)
		}
	}
}

// TestRunJobsSkips checks that, one job at a time, a failure stops the
// jobs after it in order that have not started, and not those before it.
func TestRunJobsSkips(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var ran []int
	count := func(i int, err error) job {
		return job{10 - i, func(string) ([]File, error) {
			ran = append(ran, i)
			return nil, err
		}}
	}
	boom := errors.New("boom")
	jobs := []job{count(0, nil), count(1, nil), count(2, boom), count(3, nil), count(4, nil)}
	if _, err := runJobs(t.TempDir(), jobs); !errors.Is(err, boom) {
		t.Fatalf("got error %v, want %v", err, boom)
	}
	if want := []int{0, 1, 2}; !slices.Equal(ran, want) {
		t.Errorf("jobs run %v, want %v", ran, want)
	}
}

// TestRunJobsPanic checks that a job's panic reaches the caller once the
// other jobs have finished.
func TestRunJobsPanic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var finished atomic.Bool
	jobs := []job{
		{1, func(string) ([]File, error) { panic("job broke") }},
		{2, func(string) ([]File, error) {
			time.Sleep(20 * time.Millisecond)
			finished.Store(true)
			return nil, nil
		}},
	}
	defer func() {
		p := recover()
		if fmt.Sprint(p) != "job broke" {
			t.Errorf("got panic %v, want the job's", p)
		}
		if !finished.Load() {
			t.Errorf("the panic was raised before the other job finished")
		}
	}()
	runJobs(t.TempDir(), jobs)
	t.Errorf("runJobs returned after a job panicked")
}

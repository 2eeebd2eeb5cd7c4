// Package lintme is what the golangci-lint integration test lints: condloop's
// mistakes, silenced by //nolint:syncvet or //syncvet:ignore, one fixable,
// and //syncvet:ignore directives that the syncvetignore check reports.
package lintme

import "sync"

// Queue hands items from producers to consumers.
type Queue struct {
	mu       sync.Mutex
	nonEmpty *sync.Cond
	items    []int
}

// PopFixable guards the Wait with an if: reported, and --fix turns the
// if into a for.
func (q *Queue) PopFixable() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.nonEmpty.Wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// PopBare waits with no check at all: reported, no fix.
func (q *Queue) PopBare() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.nonEmpty.Wait()
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// PopSilenced is PopBare with the finding silenced for golangci-lint.
func (q *Queue) PopSilenced() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.nonEmpty.Wait() //nolint:syncvet // a single producer signals after this goroutine waits
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// PopSilencedIf is PopFixable with the finding silenced for golangci-lint:
// neither the finding nor the if it names (its related position) is
// reported, and --fix leaves the if alone.
func (q *Queue) PopSilencedIf() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.nonEmpty.Wait() //nolint:syncvet // a single producer signals after this goroutine waits
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// Pop is the corrected pattern: not reported.
func (q *Queue) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.nonEmpty.Wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// PopIgnored is PopBare with the finding silenced the way the syncvet
// command reads, which the plugin honours too.
func (q *Queue) PopIgnored() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	//syncvet:ignore condloop a single producer signals after this goroutine waits
	q.nonEmpty.Wait()
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// PopMisspelled misspells the check in its directive: syncvetignore
// reports the directive, and the finding is reported too.
func (q *Queue) PopMisspelled() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	//syncvet:ignore condlop a single producer signals after this goroutine waits
	q.nonEmpty.Wait()
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// PopStale is Pop with a directive left from before the fix: syncvetignore
// reports it, unless condloop is disabled (then it cannot tell).
func (q *Queue) PopStale() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		//syncvet:ignore condloop a single producer signals after this goroutine waits
		q.nonEmpty.Wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

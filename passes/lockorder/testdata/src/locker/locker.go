// want package:`edges\(locker.mu1 -> locker.mu2, locker.mu2 -> locker.mu1, .*\)`

// Package locker nests RWMutex read locks and locks reached through
// sync.Locker interfaces.
package locker

import "sync"

var (
	mu1 sync.Mutex
	mu2 sync.RWMutex
)

func one() {
	mu1.Lock()
	mu2.RLock() // want `locker.mu1 then locker.mu2 here`
	mu2.RUnlock()
	mu1.Unlock()
}

func two() {
	mu2.Lock()
	defer mu2.Unlock()
	mu1.Lock()
	defer mu1.Unlock()
}

// Locks held through sync.Locker fields are classes of their own too.
type guarded struct {
	l sync.Locker
}

type registry struct {
	l     sync.Locker
	items []*guarded
}

func (r *registry) add(g *guarded) {
	r.l.Lock()
	defer r.l.Unlock()
	g.l.Lock() // want `\(\*locker.registry\).l then \(\*locker.guarded\).l here, but the reverse in \(\*locker.guarded\).join`
	r.items = append(r.items, g)
	g.l.Unlock()
}

func (g *guarded) join(r *registry) {
	g.l.Lock()
	defer g.l.Unlock()
	r.l.Lock()
	r.l.Unlock()
}

// The fix: the registry's lock is always taken first.
type registry2 struct {
	l     sync.Locker
	items []*guarded
}

func (r *registry2) add(g *guarded) {
	r.l.Lock()
	defer r.l.Unlock()
	g.l.Lock()
	r.items = append(r.items, g)
	g.l.Unlock()
}

func (g *guarded) join2(r *registry2) {
	r.l.Lock()
	defer r.l.Unlock()
	g.l.Lock()
	g.l.Unlock()
}

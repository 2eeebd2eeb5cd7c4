package a

import "sync"

type Account struct {
	ID      int
	mu      sync.Mutex
	balance int
}

// The account-transfer deadlock: transfer(x, y) and transfer(y, x) run
// at the same time, each holding one account's lock.
func TransferWrong(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `from.mu then to.mu here, two locks of class \(\*a.Account\).mu in argument order; order them by ID or address`
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

// The fix: lock in a global order chosen by ID.
func TransferRight(from, to *Account, amount int) {
	first, second := from, to
	if second.ID < first.ID {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

// Ordering by ID with the branches written out: also silent.
func TransferRight2(from, to *Account, amount int) {
	if from.ID < to.ID {
		from.mu.Lock()
		to.mu.Lock()
	} else {
		to.mu.Lock()
		from.mu.Lock()
	}
	from.balance -= amount
	to.balance += amount
	from.mu.Unlock()
	to.mu.Unlock()
}

// An unexported helper whose package calls it one way only: silent.
func equalBalances(p, q *Account) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	q.mu.Lock()
	defer q.mu.Unlock()
	return p.balance == q.balance
}

var _ = equalBalances

// An exported method nesting its receiver's lock and a parameter's of the
// same type: a parent/child hierarchy, not a swappable pair. Silent.
func (a *Account) Absorb(child *Account) {
	a.mu.Lock()
	defer a.mu.Unlock()
	child.mu.Lock()
	defer child.mu.Unlock()
	a.balance += child.balance
	child.balance = 0
}

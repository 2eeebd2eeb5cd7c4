package main

// Seed warning: a bank account whose balance is "accessed by multiple
// transactions at the same time ... Without proper synchronization,
// simultaneous deposits and withdrawals could lead to incorrect account
// balances." The amounts are those of the tutorial's output: starting from
// 100, the balance must end at 153.

import "sync"

var (
	deposits    = []int{12, 38, 31, 28, 39}
	withdrawals = []int{26, 15, 14, 23, 17}
)

// WRONG: the deposit and the withdrawal goroutines update balance with no
// lock; a read-modify-write of one can erase the other's.
type accountWrong struct {
	balance int
}

func (a *accountWrong) deposit(amount int) {
	a.balance += amount
}

func (a *accountWrong) withdraw(amount int) bool {
	if a.balance < amount {
		return false
	}
	a.balance -= amount
	return true
}

func bankWrong() int {
	acct := &accountWrong{balance: 100}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, amount := range deposits {
			acct.deposit(amount)
		}
	}()
	go func() {
		defer wg.Done()
		for _, amount := range withdrawals {
			acct.withdraw(amount)
		}
	}()
	wg.Wait()
	return acct.balance
}

// RIGHT: the account's mutex guards every access to balance, the Go form
// of the tutorial's "with account_lock:".
type accountRight struct {
	mu      sync.Mutex
	balance int
}

func (a *accountRight) deposit(amount int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += amount
}

func (a *accountRight) withdraw(amount int) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.balance < amount {
		return false
	}
	a.balance -= amount
	return true
}

func bankRight() int {
	acct := &accountRight{balance: 100}
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, amount := range deposits {
			acct.deposit(amount)
		}
	})
	wg.Go(func() {
		for _, amount := range withdrawals {
			acct.withdraw(amount)
		}
	})
	wg.Wait()
	acct.mu.Lock()
	defer acct.mu.Unlock()
	return acct.balance
}

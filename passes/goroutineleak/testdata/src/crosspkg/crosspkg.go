package crosspkg

import (
	"sync"

	"crosspkg/worker"
)

func recvRight() int {
	ch := make(chan int)
	go worker.Produce(ch)
	return <-ch
}

func recvRelayRight() int {
	ch := make(chan int)
	go worker.Relay(ch)
	return <-ch
}

// Drain only receives: nothing ever sends on ch.
func recvWrong() int {
	ch := make(chan int)
	go worker.Drain(ch)
	return <-ch // want `receive from ch blocks forever: nothing sends on it or closes it`
}

func waitRight() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker.Finish(&wg)
	wg.Wait()
}

// Watch only waits too: nobody calls Done.
func waitWrong() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker.Watch(&wg)
	wg.Wait() // want `wg.Wait blocks forever: nothing calls wg.Done after wg.Add`
}

func condRight(mu *sync.Mutex, ready *bool) {
	c := sync.NewCond(mu)
	go worker.Notify(mu, c)
	mu.Lock()
	for !*ready {
		c.Wait()
	}
	mu.Unlock()
}

// Stash keeps ch for others: not judged.
func escapesRight() int {
	ch := make(chan int)
	worker.Stash(ch)
	return <-ch
}

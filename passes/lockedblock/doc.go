// Package lockedblock defines an Analyzer that reports blocking or slow
// operations performed while a mutex is held.
//
// # Analyzer lockedblock
//
// lockedblock: report blocking calls made while a mutex is held
//
// Every goroutine that needs the mutex waits for as long as its holder
// sleeps, waits on a channel, a WaitGroup or a semaphore, or does network
// or file I/O; if what it waits for needs the same mutex, it waits
// forever. Keep critical sections short: copy what is needed under the
// lock, release it, then block. Reported: time.Sleep, channel sends and
// receives and select statements that can block, WaitGroup.Wait,
// errgroup.Wait, semaphore Acquire, network and file I/O recognized by
// type (net.Conn, *os.File, http.Client.Do, exec.Cmd.Run, io.Copy on
// those...), and calls of functions that may block, at any depth and
// across packages. The diagnostic is at the blocking operation, or at the
// call that leads to it; the Lock is in Related.
//
// WRONG:
//
//	mu.Lock()
//	defer mu.Unlock()
//	resp, err := http.Get(url) // every reader waits for the network
//
// RIGHT:
//
//	mu.Lock()
//	u := cfg.url
//	mu.Unlock()
//	resp, err := http.Get(u)
//
// Not reported: a select with a default case (it does not block),
// sync.Cond.Wait and callees that release the lock around their wait,
// semaphores held while blocking (bounding concurrent I/O is their
// purpose), writes to a bytes.Buffer or other in-memory io.Writer, sends
// on channels the package only ever makes with a capacity (sized not to
// block), and I/O on a connection or file of the same variable as the
// mutex (c.wmu held around c.conn.Write serializes the writes: there is
// nothing to copy out first).
package lockedblock

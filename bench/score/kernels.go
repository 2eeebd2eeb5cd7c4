package main

// The GoKer kernels of GOROOT/src/runtime/testdata/testgoroutineleakprofile/goker,
// each classified by the kind of its bug, read from the kernel's source,
// its comments and goker/README.md (whose GoBench "Type / Sub-type" calls
// several missing unlocks "double locking"), as in BENCHMARKS.md's
// section on GoKer. The lock checks are scored on the kernels of their
// kind; a kernel Go adds later is reported as unclassified until it is
// added here.

// The kinds of bug. Those with a check: the check that is meant to find
// the bug.
const (
	kindDoubleLock    = "double lock"
	kindLockOrder     = "lock order"
	kindMissingUnlock = "missing unlock"
	kindLockedBlock   = "blocking under a lock"
	kindCond          = "sync.Cond misuse"
	kindWaitGroup     = "WaitGroup misuse"
	kindChannel       = "channel"
)

// checkKind maps each lock check to the kind of bug it is meant to find.
var checkKind = map[string]string{
	"doublelock":    kindDoubleLock,
	"lockorder":     kindLockOrder,
	"missingunlock": kindMissingUnlock,
	"lockedblock":   kindLockedBlock,
}

// The order in which the kinds are listed.
var kindOrder = []string{kindDoubleLock, kindLockOrder, kindMissingUnlock, kindLockedBlock, kindCond, kindWaitGroup, kindChannel}

// A kernel is one GoKer program: its file name without .go, the kind of
// its bug, and why.
type kernel struct {
	Name, Kind, Reason string
}

var kernels = []kernel{
	// Double lock: the holder of a lock (or read lock) acquires it again,
	// directly or down a call chain; a recursive RLock deadlocks once a
	// writer waits in between.
	{"cockroach16167", kindDoubleLock, "execParsed holds systemConfigMu through its alias systemConfigCond.L and RLocks it again"},
	{"cockroach3710", kindDoubleLock, "ForceRaftLogScanAndProcess holds s.mu.RLock and RaftStatus RLocks s.mu again down the call chain"},
	{"cockroach6181", kindDoubleLock, "LookupRangeDescriptor holds rangeCacheMu.RLock and RLocks it again while another goroutine waits in Lock"},
	{"cockroach9935", kindDoubleLock, "outputLogEntry holds l.mu and calls exit, which locks l.mu again"},
	{"etcd10492", kindDoubleLock, "Renew holds le.mu and calls the checkpointer, whose Checkpoint locks le.mu again"},
	{"etcd6708", kindDoubleLock, "Sync holds the client's lock and reaches Do through an interface, which RLocks it again"},
	{"grpc795", kindDoubleLock, "GracefulStop locks s.mu a second time on its drain path (where it meant to unlock)"},
	{"hugo5379", kindDoubleLock, "initContent holds contentInitMu and reaches initPlain, which locks it again"},
	{"kubernetes62464", kindDoubleLock, "GetCPUSetOrDefault holds the state's RLock and GetCPUSet RLocks it again while RemoveContainer waits in Lock"},
	{"moby36114", kindDoubleLock, "hotAddVHDsAtStart holds svm's lock and calls hotRemoveVHDsAtStart, which locks it again"},
	{"syncthing4829", kindDoubleLock, "clearAddresses holds m.mut and notify RLocks it again"},

	// Lock order: two locks acquired in opposite orders (AB-BA).
	{"cockroach10214", kindLockOrder, "sendQueuedHeartbeats takes coalescedMu then raftMu; tick takes raftMu then, through maybeCoalesceHeartbeat, coalescedMu"},
	{"cockroach7504", kindLockOrder, "Release takes the lease state's lock then tableNameCache's; AcquireByName takes them the other way round"},
	{"hugo3251", kindLockOrder, "URLLock holds l and locks l.m[url]; URLUnlock holds l.m[url] and RLocks l"},
	{"kubernetes13135", kindLockOrder, "startCaching holds the cacher's lock and locks the watch cache; Add holds the watch cache and locks the cacher"},
	{"kubernetes30872", kindLockOrder, "the federated informer's lock and the DeltaFIFO's lock are taken in opposite orders"},
	{"moby4951", kindLockOrder, "DeleteDevice holds the global devices lock and locks the device's lock; the other path takes them the other way round"},

	// Missing unlock: a path out of the function keeps the lock held.
	{"cockroach584", kindMissingUnlock, "bootstrap breaks out of its loop with g.mu held; manage then locks it again"},
	{"etcd5509", kindMissingUnlock, "acquire returns ErrConnClosed holding r.client.mu.RLock; Close then blocks in Lock"},
	{"grpc3017", kindMissingUnlock, "the AfterFunc callback returns on abortDeleting with ccc.mu held"},
	{"moby17176", kindMissingUnlock, "cleanupDeletedDevices returns with the devices lock held when nothing was deleted"},
	{"moby7559", kindMissingUnlock, "Run continues its loop after a failed dial with connTrackLock held, then locks it again"},

	// Blocking under a lock: a goroutine blocks on a channel, a WaitGroup
	// or a Cond while it holds a lock that the goroutine that would
	// unblock it needs.
	{"cockroach1055", kindLockedBlock, "Quiesce holds s.mu while waiting in s.drain.Wait; the tasks it waits for block in s.mu.Lock"},
	{"etcd6873", kindLockedBlock, "stop holds wbs.mu while receiving from wbs.donec; coalesce, which would close it, waits for wbs.mu"},
	{"etcd7492", kindLockedBlock, "assignSimpleTokenToUser holds simpleTokensMu while sending on addSimpleTokenCh; the receiver locks simpleTokensMu"},
	{"etcd7902", kindLockedBlock, "the follower holds mu while release blocks on <-rcNextc; only the leader, waiting for mu, closes it"},
	{"grpc1460", kindLockedBlock, "keepalive holds t.mu while receiving from awakenKeepalive; NewStream, the sender, waits for t.mu"},
	{"istio16224", kindLockedBlock, "the event handler holds the mutex while sending on done; the receiver locks the mutex before receiving"},
	{"kubernetes10182", kindLockedBlock, "SetPodStatus holds podStatusesLock while sending on podStatusChannel; the receiver locks podStatusesLock"},
	{"kubernetes1321", kindLockedBlock, "distribute holds m.lock while sending on w.result; stopWatching needs m.lock to close it"},
	{"kubernetes26980", kindLockedBlock, "pop holds p.lock while blocked in a select on stopCh; the goroutine that would go on locks p.lock"},
	{"kubernetes58107", kindLockedBlock, "workers hold workerLock.RLock while in cond.Wait; a pending Lock then blocks the readers that would signal"},
	{"kubernetes6632", kindLockedBlock, "WriteFrame holds writeLock while sending on the full resetChan; monitor needs writeLock to drain it"},
	{"moby28462", kindLockedBlock, "StateChanged holds the container's lock while sending on s.stop; monitor, the receiver, locks the container"},
	{"serving2137", kindLockedBlock, "unlockAll waits on <-req.accepted while a later request's lock is held; that request's goroutine holds the only slot and waits for the lock"},

	// sync.Cond misuse: a Wait nothing signals after it starts.
	{"kubernetes11298", kindCond, "the Signal before the service loop's cond.Wait is lost, and nothing re-checks the condition"},
	{"moby27782", kindCond, "readLogs waits in w.cv.Wait after the watcher stopped; no Signal comes"},
	{"moby30408", kindCond, "waitActive's Wait has no matching Signal or Broadcast"},

	// WaitGroup misuse.
	{"moby25384", kindWaitGroup, "group.Wait inside the loop waits for n Done calls, but each iteration makes one"},

	// Channel: a send or receive with no partner (a missing close, a
	// return that skips the drain, a select that picks the other case).
	{"cockroach10790", kindChannel, "beginCmds returns on ctxDone without draining ch; the senders block"},
	{"cockroach13197", kindChannel, "the transaction is never committed or rolled back; awaitDone waits on ctx.Done forever"},
	{"cockroach13755", kindChannel, "rows are never closed; awaitDone waits on ctx.Done forever"},
	{"cockroach1462", kindChannel, "workers block sending on lt.Events after the stopper stops; Stop then waits for them in s.stop.Wait"},
	{"cockroach18101", kindChannel, "context cancellation stops the reader but not the senders on readyForImportCh"},
	{"cockroach2448", kindChannel, "processRaft and the MultiRaft loop each wait to send to the other"},
	{"cockroach24808", kindChannel, "Start is called after suggestions filled the channel; the next send blocks"},
	{"cockroach25456", kindChannel, "the consistency check waits on ShouldQuiesce, which is closed only when the store drains"},
	{"cockroach35073", kindChannel, "the outbox fails during startup without closing its RowChannel"},
	{"cockroach35931", kindChannel, "cancellation writes to the inbound streams one at a time and blocks on the full one"},
	{"etcd6857", kindChannel, "Status sends on n.status after run chose n.stop and returned"},
	{"grpc1275", kindChannel, "CloseStream does not send the message the reading goroutine waits for"},
	{"grpc1424", kindChannel, "lbWatcher returns without draining the done channel"},
	{"grpc660", kindChannel, "doCloseLoopUnary returns without draining done; the sender blocks"},
	{"grpc862", kindChannel, "the ClientConn is not closed when DialContext fails; resetAddrConn waits on ctx.Done"},
	{"istio17860", kindChannel, "a.statusCh is not drained; runWait blocks sending on it"},
	{"istio18454", kindChannel, "Stop and Start both stop the timer concurrently; the worker blocks on its channels"},
	{"kubernetes25331", kindChannel, "run blocks sending on resultChan after Stop cancelled the context"},
	{"kubernetes38669", kindChannel, "process receives from a channel nothing sends on"},
	{"kubernetes5316", kindChannel, "finishRequest takes the timeout case; the goroutine blocks sending its result"},
	{"kubernetes70277", kindChannel, "the poller's goroutine quits only on after or done, and doneCh is never closed"},
	{"moby21233", kindChannel, "the watcher stops consuming progress updates; the sender and the test block"},
	{"moby33781", kindChannel, "monitor returns on stop without draining the probe's result channel"},
	{"syncthing5795", kindChannel, "Start waits on dispatcherLoopStopped while dispatcherLoop blocks on the inbox"},
}

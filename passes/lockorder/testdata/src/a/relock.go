package a

import (
	"sync"
	"time"
)

// A callee that drops its caller's lock and takes it back: taken back,
// it is acquired while the caller's other locks are held.

type deviceSet struct {
	sync.Mutex
	infos map[string]*devInfo
}

type devInfo struct {
	lock sync.Mutex
	name string
}

func (d *deviceSet) deleteDevice(hash string) {
	d.Lock()
	defer d.Unlock()
	info := d.infos[hash]
	info.lock.Lock() // want `\(\*a.deviceSet\).Mutex then \(\*a.devInfo\).lock here, but the reverse in \(\*a.deviceSet\).deleteDevice`
	defer info.lock.Unlock()
	d.removeAndWait(info.name)
}

// removeAndWait is called with d held; it releases it while it waits.
func (d *deviceSet) removeAndWait(name string) {
	d.Unlock()
	time.Sleep(time.Millisecond)
	d.Lock()
}

// The fix: the device's lock is released before the wait that drops the
// set's lock.

type deviceSet2 struct {
	sync.Mutex
	infos map[string]*devInfo2
}

type devInfo2 struct {
	lock sync.Mutex
	name string
}

func (d *deviceSet2) deleteDevice(hash string) {
	d.Lock()
	defer d.Unlock()
	info := d.infos[hash]
	info.lock.Lock()
	name := info.name
	info.lock.Unlock()
	d.removeAndWait(name)
}

func (d *deviceSet2) removeAndWait(name string) {
	d.Unlock()
	time.Sleep(time.Millisecond)
	d.Lock()
}

// A callee that drops its caller's lock around work under another lock
// makes no order between the two: the caller's lock is not held then.

type journal struct {
	mu    sync.Mutex
	store *blobStore
}

type blobStore struct {
	mu sync.Mutex
	j  *journal
	n  int
}

// flush is called with j.mu held; it drops it around the work on the store.
func (j *journal) flush() {
	j.mu.Unlock()
	j.store.mu.Lock()
	j.store.n++
	j.store.mu.Unlock()
	j.mu.Lock()
}

func (j *journal) commit() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.flush()
}

func (b *blobStore) compact() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.j.mu.Lock()
	b.j.mu.Unlock()
}

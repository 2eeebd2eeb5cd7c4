package bounds

import "sync"

var mu sync.Mutex

// Every condition is tested once: 2^30 paths, far beyond the cap.
func explode(c []bool) { // want `explode: imprecise`
	if c[0] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[1] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[2] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[3] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[4] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[5] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[6] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[7] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[8] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[9] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[10] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[11] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[12] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[13] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[14] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[15] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[16] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[17] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[18] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[19] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[20] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[21] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[22] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[23] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[24] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[25] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[26] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[27] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[28] {
		mu.Lock()
		defer mu.Unlock()
	}
	if c[29] {
		mu.Lock()
		defer mu.Unlock()
	}
}

func small() {
	mu.Lock()
	defer mu.Unlock()
}

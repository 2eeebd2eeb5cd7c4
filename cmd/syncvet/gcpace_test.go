package main

import "testing"

func TestGCPercent(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, maxPercent},
		{10 * mb, maxPercent}, // a small package: the fastest pace allowed
		{40 * mb, maxPercent}, // the heap may grow to heapTarget: 300%
		{80 * mb, 100},        // to heapTarget still
		{100 * mb, 60},        // to heapTarget still
		{120 * mb, 50},        // half of the live heap from here on
		{240 * mb, 50},
		{1300 * mb, 50}, // the largest packages: 650 MB more, not 3.9 GB
		{1 << 40, 50},
	} {
		if got := gcPercent(tc.live); got != tc.want {
			t.Errorf("gcPercent(%d MB) = %d, want %d", tc.live/mb, got, tc.want)
		}
	}
}

package skipped

func bad() {}

func f() {
	bad()
	//syncvet:ignore testcheck the check does not run, so this is not reported as unused
	_ = 1
}

"""The Go concurrency patterns talk (Rob Pike, 2012), ported to txcsp."""

"""Part 1: processes, and a concurrent web server on Twisted."""

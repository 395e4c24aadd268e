"""Part 0: installing txcsp, the python-csp shell and its info command."""

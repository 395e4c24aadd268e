"""Part 9: checking a design: the dining philosophers in CSPm, checked, then run and monitored."""

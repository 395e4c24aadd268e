"""Part 7: builtin processes and guards, and the oscilloscope networks."""

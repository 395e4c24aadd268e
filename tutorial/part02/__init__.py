"""Part 2: the process algebra, and a concurrent word count."""

"""Part 10: beyond one process: a pipeline across two programs, and a worker farm across cores."""

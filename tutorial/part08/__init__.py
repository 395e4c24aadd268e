"""Part 8: design patterns: client-server, token ring, reactive pipelines."""

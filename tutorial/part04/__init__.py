"""Part 4: poison, and the shop network."""

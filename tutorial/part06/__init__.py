"""Part 6: Twisted integration: Deferreds, network protocols, cancel and pause."""

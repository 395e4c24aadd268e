"""Part 3: channels, and the Mandelbrot producer/consumer network."""

"""Part 5: choice with Alt, and the Mandelbrot consumer fixed with it."""

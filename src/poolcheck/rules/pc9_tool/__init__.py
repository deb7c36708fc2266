"""PC9xx: poolcheck's own problems. Specs only: the engine and the config loader produce them."""

"""PC2xx: what happens inside interactive transactions."""

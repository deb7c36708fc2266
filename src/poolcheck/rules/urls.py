"""PC3xx rules: connection URLs and pool configuration."""

"""PC3xx: connection URLs and pool configuration."""

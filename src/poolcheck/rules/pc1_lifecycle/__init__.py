"""PC1xx: when clients are created, connected, disconnected and configured."""

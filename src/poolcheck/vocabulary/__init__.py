"""The vocabulary every layer shares: what the code, the config and the deployment files
mean, kept as plain data (stdlib only), one table per concept."""

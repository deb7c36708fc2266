"""PC1xx/PC4xx project rules that need the deployment: platforms, replicas, poolers."""

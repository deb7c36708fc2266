"""PC4xx: the connections a deployment can open, against what the database allows."""

"""Service layer: use cases behind a unit of work; each receives the acting user and channel."""

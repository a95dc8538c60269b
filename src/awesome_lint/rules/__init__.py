"""Rules: one module per rule. See ``registry`` for the list."""

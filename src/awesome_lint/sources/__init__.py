"""Sources: the only modules that touch the network (arXiv, GitHub, other links) and the cache."""

"""Local stand-ins for arXiv, GitHub and the web, on 127.0.0.1, speaking the real protocols."""

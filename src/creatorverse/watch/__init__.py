"""Watch: the streaming catalogue's Python side (embedding contents for match scores)."""

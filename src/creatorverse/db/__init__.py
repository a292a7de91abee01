"""Database access: the embedded server, connection URLs and the migration runner."""

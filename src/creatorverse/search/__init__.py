"""Chapter search from Python: the one place that calls the search RPCs."""

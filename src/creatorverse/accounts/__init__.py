"""Users and organizations, managed by the operator through the API's own RPCs and rules."""

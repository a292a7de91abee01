"""Templates and workflow graphs (docs/workflows.md): pydantic models mirroring the SQL rules."""

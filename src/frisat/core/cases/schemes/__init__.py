"""Built-in case registration schemes (YAML)."""

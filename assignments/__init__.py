"""The bundled assignments: one folder each, with its ``assignment.toml`` and notebook."""

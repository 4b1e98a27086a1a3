"""mtqa.lang."""

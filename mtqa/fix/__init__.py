"""mtqa.fix.quotes."""

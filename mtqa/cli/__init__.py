"""mtqa.cli.main."""

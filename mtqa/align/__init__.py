"""mtqa.align.dp."""

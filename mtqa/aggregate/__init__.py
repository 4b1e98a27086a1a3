"""mtqa.aggregate."""

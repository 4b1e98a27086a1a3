"""mtqa.pipeline.runner."""

"""mtqa.gate.verdicts."""

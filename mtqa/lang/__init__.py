"""Language knowledge as code: romanisation and morphology of Ukrainian (the data lives in
``mtqa/data``)."""

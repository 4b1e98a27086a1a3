"""``python -m mtqa.calibrate``."""
from .cli import main

if __name__ == "__main__":
    main()

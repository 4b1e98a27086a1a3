"""``python -m mtqa.calibrate``."""
from mtqa.calibrate.cli import main

if __name__ == "__main__":
    main()

"""Shared helpers for benchmark scripts: where the eval data and reports/ are (defined in
:mod:`mtqa.calibrate.evaldata`, which calibration shares)."""
from mtqa.calibrate.evaldata import REPO, eval_dir, run_child, write_report

__all__ = ["REPO", "eval_dir", "run_child", "write_report"]

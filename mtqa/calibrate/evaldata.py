"""Where the eval data and reports/ are, for calibration and the benchmark scripts."""
from __future__ import annotations

import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def eval_dir(given: str | None = None) -> Path:
    """``../shared/eval/dev`` beside the repository (or MTQA_EVAL_DIR / --eval-dir)."""
    path = Path(given or os.environ.get("MTQA_EVAL_DIR") or REPO.parent / "shared" / "eval" / "dev")
    if not path.is_dir():
        raise SystemExit(f"eval data not found at {path}; pass --eval-dir")
    return path


def write_report(name: str, data: dict, markdown: str) -> None:
    out = REPO / "reports"
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / f"{name}.md").write_text(markdown, encoding="utf-8")
    print(markdown)


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB, exit code) of one child process; exit
    codes other than 0 and 1 stop the benchmark with the child's stderr."""
    import subprocess
    import time

    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({code}):\n{err[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code

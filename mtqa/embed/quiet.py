"""Quiet model loading: no progress bars or info logs from transformers and friends."""
from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def quiet_loading() -> Iterator[None]:
    """No progress bars ("Loading weights") and no info or warning logs from transformers,
    huggingface_hub or sentence-transformers while a model loads; their settings are put back
    afterwards. mtqa's own progress bar is not theirs and is not touched."""
    from transformers.utils import logging as hf_logging

    bars, verbosity = hf_logging.is_progress_bar_enabled(), hf_logging.get_verbosity()
    st_logger = logging.getLogger("sentence_transformers")
    st_level = st_logger.level
    with warnings.catch_warnings():  # huggingface_hub warns when HF_HUB_DISABLE_PROGRESS_BARS overrides a switch
        warnings.simplefilter("ignore")
        hf_logging.disable_progress_bar()  # transformers' bars and huggingface_hub's
    hf_logging.set_verbosity_error()
    st_logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        st_logger.setLevel(st_level)
        hf_logging.set_verbosity(verbosity)
        if bars:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                hf_logging.enable_progress_bar()

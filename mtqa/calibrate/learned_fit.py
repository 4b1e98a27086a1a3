"""Fitting the learned score's head (:class:`mtqa.scoring.learned.Head`) with torch: a
one-hidden-layer network on standardised inputs, trained on the squared error to the
normalised DA score plus, optionally, a within-segment pairwise term (the systems of one
source segment in the right order), with early stopping on documents held out of the
training sample. CPU by default; a GPU when torch sees one (same seed, near-identical
weights)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from mtqa.scoring import learned
from mtqa.scoring.learned import Head


@dataclass(frozen=True)
class Settings:
    hidden: int = 64
    epochs: int = 60
    batch: int = 256
    lr: float = 3e-4
    weight_decay: float = 0.05
    dropout: float = 0.3
    pairwise: float = 0.0  # weight of the within-segment ranking term
    patience: int = 8
    inputs: str = "all"  # which inputs the head reads (see COLUMNS); the others get weight 0


def columns(which: str) -> np.ndarray:
    """Input columns of a head: ``all``; ``products`` (|u-v|, u*v and the four scalars);
    ``scalars`` (chrF++, BLEU, token precision and recall only)."""
    d = learned.DIM
    if which == "all":
        return np.arange(learned.N_INPUTS)
    if which == "products":
        return np.arange(2 * d, learned.N_INPUTS)
    if which == "scalars":
        return np.arange(4 * d, learned.N_INPUTS)
    raise ValueError(f"unknown head inputs {which!r}: all, products or scalars")


def standardiser(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = X.mean(axis=0)
    sd = X.std(axis=0)
    return mean.astype(np.float32), np.where(sd > 1e-6, sd, 1.0).astype(np.float32)


def _pairwise_loss(torch: Any, pred: Any, y: Any, seg: Any) -> Any:
    """Logistic loss on every pair of rows of the same segment whose human scores differ."""
    same = seg[:, None] == seg[None, :]
    diff = y[:, None] - y[None, :]
    mask = same & (diff.abs() > 0.1)
    if not bool(mask.any()):
        return pred.sum() * 0.0
    margin = (pred[:, None] - pred[None, :]) * torch.sign(diff)
    return torch.nn.functional.softplus(-margin[mask]).mean()


def fit(X: np.ndarray, y: np.ndarray, seg: np.ndarray, groups: np.ndarray, seed: int,
        s: Settings = Settings()) -> tuple[Head, dict[str, Any]]:
    """The head and its training log. ``seg``: segment ids (rows of one source segment
    are batched together for the pairwise term); ``groups``: documents, a tenth of which are
    held out for early stopping."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    docs = np.array(sorted(set(groups)), dtype=object)
    rng.shuffle(docs)
    val_docs = set(docs[: max(1, len(docs) // 10)])
    val = np.array([g in val_docs for g in groups])
    cols = columns(s.inputs)
    mean, scale = standardiser(X[~val][:, cols])
    Z = torch.tensor((X[:, cols] - mean) / scale, dtype=torch.float32, device=device)
    Y = torch.tensor(y, dtype=torch.float32, device=device)
    _, seg_ids = np.unique(seg, return_inverse=True)
    S = torch.tensor(seg_ids, device=device)
    net = torch.nn.Sequential(torch.nn.Dropout(s.dropout), torch.nn.Linear(len(cols), s.hidden), torch.nn.Tanh(),
                              torch.nn.Linear(s.hidden, 1)).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=s.lr, weight_decay=s.weight_decay)
    train_idx = np.where(~val)[0]
    # batches of whole segments: shuffle segments, keep their rows together
    seg_train = np.unique(seg_ids[train_idx])
    rows_of = {k: np.where((seg_ids == k) & ~val)[0] for k in seg_train}
    best, best_state, bad, log = np.inf, None, 0, []
    for epoch in range(s.epochs):
        net.train()
        order = rng.permutation(seg_train)
        flat = np.concatenate([rows_of[k] for k in order])
        for lo in range(0, len(flat), s.batch):
            idx = torch.tensor(flat[lo:lo + s.batch], device=device)
            pred = net(Z[idx]).squeeze(-1)
            loss = torch.mean((pred - Y[idx]) ** 2)
            if s.pairwise:
                loss = loss + s.pairwise * _pairwise_loss(torch, pred, Y[idx], S[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            vidx = torch.tensor(np.where(val)[0], device=device)
            vloss = float(torch.mean((net(Z[vidx]).squeeze(-1) - Y[vidx]) ** 2))
        log.append(round(vloss, 4))
        if vloss < best - 1e-4:
            best, bad = vloss, 0
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        else:
            bad += 1
            if bad >= s.patience:
                break
    net.load_state_dict(best_state)  # type: ignore[arg-type]
    lin1, lin2 = net[1], net[3]
    w1 = np.zeros((s.hidden, X.shape[1]), np.float32)  # unread inputs: weight 0
    w1[:, cols] = lin1.weight.detach().cpu().numpy()
    full_mean, full_scale = np.zeros(X.shape[1], np.float32), np.ones(X.shape[1], np.float32)
    full_mean[cols], full_scale[cols] = mean, scale
    head = Head(mean=full_mean, scale=full_scale, w1=w1,
                b1=lin1.bias.detach().cpu().numpy().astype(np.float32),
                w2=lin2.weight.detach().cpu().numpy().astype(np.float32),
                b2=lin2.bias.detach().cpu().numpy().astype(np.float32))
    return head, {"device": str(device), "epochs": len(log), "val_mse": log, "best_val_mse": round(best, 4),
                  "train_rows": int((~val).sum()), "val_rows": int(val.sum())}

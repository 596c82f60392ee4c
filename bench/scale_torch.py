"""PyTorch side of `npm run bench -- scale`: the same model, data, standardisation and per-epoch
validation as trainscope's side, written the way a PyTorch user would (dense float32 tensors,
x[idx] batches, nn.Sequential, BCEWithLogitsLoss, torch.optim.Adam). Prints one JSON line.

  python3 scale_torch.py TRAIN TEST N_LABELS TRANSFORM_JSON THREADS EPOCHS
The labels are the last N_LABELS attributes of the ARFF files (dense or sparse ARFF).
"""
import json, resource, sys, time

import numpy as np
import torch

train_path, test_path, n_labels, transform_path, threads, epochs = sys.argv[1:7]
n_labels, threads, epochs = int(n_labels), int(threads), int(epochs)
torch.set_num_threads(threads)
torch.manual_seed(1)
cfg = json.loads(sys.argv[7]) if len(sys.argv) > 7 else {}
HIDDEN, DROPOUT, LR, EPS, BATCH, THRESHOLD = (
    cfg.get("hidden", [256, 128]), cfg.get("dropout", 0.5), cfg.get("lr", 1e-3),
    cfg.get("epsilon", 1e-7), cfg.get("batchSize", 128), cfg.get("threshold", 0.5))


def read_arff(path):
    """Dense or sparse ARFF of numeric/{0,1} attributes into a dense float32 matrix."""
    with open(path) as f:
        n_attr = 0
        for line in f:
            s = line.strip().lower()
            if s.startswith("@attribute"):
                n_attr += 1
            elif s.startswith("@data"):
                break
        rows = []
        for line in f:
            line = line.strip()
            if not line or line[0] == "%":
                continue
            rows.append(line)
    m = np.zeros((len(rows), n_attr), dtype=np.float32)
    for r, line in enumerate(rows):
        if line[0] == "{":
            body = line[1:-1].strip()
            if body:
                for item in body.split(","):
                    j, v = item.split()
                    m[r, int(j)] = float(v)
        else:
            m[r] = np.array(line.split(","), dtype=np.float32)
    return m


t0, c0 = time.perf_counter(), time.process_time()
tr, te = read_arff(train_path), read_arff(test_path)
n_feat = tr.shape[1] - n_labels
x_tr, y_tr = tr[:, :n_feat], tr[:, n_feat:]
x_te, y_te = te[:, :n_feat], te[:, n_feat:]
del tr, te
with open(transform_path) as f:
    tf = json.load(f)
if tf is not None:  # the same per-feature (x - shift) * inverse trainscope fitted on the training rows
    shift, inverse = np.array(tf["shift"], np.float32), np.array(tf["inverse"], np.float32)
    x_tr = (x_tr - shift) * inverse
    x_te = (x_te - shift) * inverse
x_tr, y_tr = torch.from_numpy(np.ascontiguousarray(x_tr)), torch.from_numpy(np.ascontiguousarray(y_tr))
x_te, y_te_t = torch.from_numpy(np.ascontiguousarray(x_te)), torch.from_numpy(np.ascontiguousarray(y_te))
load = {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}

layers, fan = [], n_feat
for units in HIDDEN:
    layers += [torch.nn.Linear(fan, units), torch.nn.ReLU(), torch.nn.Dropout(DROPOUT)]
    fan = units
model = torch.nn.Sequential(*layers, torch.nn.Linear(fan, n_labels))
for mod in model:
    if isinstance(mod, torch.nn.Linear):  # trainscope's default: Glorot uniform, zero biases
        torch.nn.init.xavier_uniform_(mod.weight)
        torch.nn.init.zeros_(mod.bias)
opt = torch.optim.Adam(model.parameters(), lr=LR, eps=EPS)
loss_fn = torch.nn.BCEWithLogitsLoss()


def auc(y, s):
    """ROC AUC with ties counted half (scikit-learn's value); None when one class only."""
    pos = y.sum()
    neg = len(y) - pos
    if pos == 0 or neg == 0:
        return None
    order = np.argsort(s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    _, start, counts = np.unique(s_sorted, return_index=True, return_counts=True)
    ranks = np.repeat(start + (counts + 1) / 2.0, counts)  # mid-ranks, 1-based
    return float((ranks[y_sorted == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def story_metrics(y, logits):
    pred = (1 / (1 + np.exp(-logits.astype(np.float64))) >= THRESHOLD).astype(np.float64)
    tp, p_sum, t_sum = (y * pred).sum(0), pred.sum(0), y.sum(0)
    div = lambda a, b: np.divide(a, b, out=np.zeros_like(a, dtype=np.float64), where=b > 0)
    prec, rec = div(tp, p_sum), div(tp, t_sum)
    w = t_sum / t_sum.sum() if t_sum.sum() > 0 else np.zeros_like(t_sum)
    per_label = [auc(y[:, l], logits[:, l]) for l in range(y.shape[1])]
    return {
        "roc_auc_micro": auc(y.ravel(), logits.ravel()),
        "roc_auc_macro": None if any(a is None for a in per_label) else float(np.mean(per_label)),
        "precision_micro": float(tp.sum() / max(p_sum.sum(), 1)),
        "precision_macro": float(prec.mean()),
        "precision_weighted": float((prec * w).sum()),
        "recall_micro": float(tp.sum() / max(t_sum.sum(), 1)),
        "recall_macro": float(rec.mean()),
        "recall_weighted": float((rec * w).sum()),
    }


out = []
rows = x_tr.shape[0]
for epoch in range(epochs):
    w0, cpu0 = time.perf_counter(), time.process_time()
    model.train()
    perm = torch.randperm(rows)
    for start in range(0, rows, BATCH):
        idx = perm[start:start + BATCH]
        opt.zero_grad()
        loss = loss_fn(model(x_tr[idx]), y_tr[idx])
        loss.backward()
        opt.step()
    train_wall, train_cpu = time.perf_counter() - w0, time.process_time() - cpu0
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(x_te[i:i + 4096]) for i in range(0, x_te.shape[0], 4096)])
        val_loss = float(loss_fn(logits, y_te_t))
    m = story_metrics(y_te.astype(np.float64), logits.numpy())
    out.append({"train": train_wall, "trainCpu": train_cpu, "whole": time.perf_counter() - w0,
                "wholeCpu": time.process_time() - cpu0, "aucMicro": m["roc_auc_micro"], "valLoss": val_loss})

print(json.dumps({"load": load, "epochs": out,
                  "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "torch": torch.__version__, "threads": torch.get_num_threads()}))

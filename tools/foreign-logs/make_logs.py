"""
Real PyTorch trainings, logged the way other frameworks log them, for checking trainscope's
doctor on logs it was not built or tuned on (issue 10). Each run is a real training with a
real fault (or none); its event files are written by tb_write.py (not by trainscope) in one of
the conventions below; `expect.json` says what each run is, its measured validation AUC and
what a doctor should say. Check with: node tools/foreign-logs/check.mjs OUT

    /usr/bin/python3 tools/foreign-logs/make_logs.py OUT     (Debian python3-torch, numpy)

Conventions (none is the fixtures' exact one):
  keras3    RUN/train + RUN/validation, tensor summaries, `<layer>/kernel/histogram`,
            epoch_loss / epoch_auc / epoch_learning_rate, evaluation_*_vs_iterations
  keras2    RUN/train + RUN/validation, `<layer>/kernel_0`, simple_value scalars
  pytorch   SummaryWriter: named_parameters() tags (`0.weight`, `layers.2.bias`, `bn1.running_mean`),
            TF-bucket histograms trimmed, `*.grad`, add_scalars sub-runs
  tf1       `scope/weights`, `scope/biases`, `scope/activations`, global-step axis, per-batch
            `loss` every few steps, an Estimator-style eval/ directory
"""
import json
import math
import os
import sys

import numpy as np
import torch
from torch import nn

from tb_write import EventWriter, tf1_histogram, torch_histogram

torch.set_num_threads(1)


def teacher_data(rows, features, labels, seed, counts=False, positive=0.3, n_val=None, flip=0.0):
    """Labels from a random two-layer teacher (non-linear), the top `positive` share positive per label;
    `flip` of the training labels flipped at random (noisy annotations; the validation labels stay clean)."""
    g = np.random.default_rng(seed)
    if counts:
        x = g.poisson(g.uniform(0.5, 6, size=features), size=(rows, features)).astype(np.float32)
        z = (x - x.mean(0)) / (x.std(0) + 1e-6)
    else:
        x = g.normal(size=(rows, features)).astype(np.float32)
        z = x
    w1 = g.normal(size=(features, 32)) / math.sqrt(features)
    w2 = g.normal(size=(32, labels))
    s = np.tanh(z @ w1 * 2) @ w2 + 0.3 * g.normal(size=(rows, labels))
    y = (s > np.quantile(s, 1 - positive, axis=0)).astype(np.float32)
    n_val = rows // 5 if n_val is None else n_val
    ytr = y[n_val:]
    if flip:
        ytr = np.where(np.random.default_rng(seed + 1).random(ytr.shape) < flip, 1 - ytr, ytr).astype(np.float32)
    return (x[n_val:], ytr), (x[:n_val], y[:n_val])


def auc_macro(scores, y):
    out = []
    for j in range(y.shape[1]):
        s, t = scores[:, j], y[:, j]
        pos = t.sum()
        neg = len(t) - pos
        if pos == 0 or neg == 0:
            continue
        order = np.argsort(s, kind="mergesort")
        ranks = np.empty(len(s))
        ss = s[order]
        i = 0
        while i < len(ss):  # average ranks over ties
            k = i
            while k + 1 < len(ss) and ss[k + 1] == ss[i]:
                k += 1
            ranks[order[i : k + 1]] = (i + k) / 2 + 1
            i = k + 1
        out.append((ranks[t == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))
    return float(np.mean(out))


class MLP(nn.Module):
    """Hidden Linear layers named as the caller says; `acts` keeps each hidden layer's output."""

    def __init__(self, dims, names, act, dropout=0.0, bn=False):
        super().__init__()
        self.names = names
        if all(n.startswith("layers.") for n in names):
            self.layers = nn.ModuleList([nn.Linear(dims[i], dims[i + 1]) for i in range(len(names))])
        else:
            for i, n in enumerate(names):
                setattr(self, n, nn.Linear(dims[i], dims[i + 1]))
                if bn and i < len(names) - 1:
                    setattr(self, "bn%d" % (i + 1), nn.BatchNorm1d(dims[i + 1]))
        self.bn = bn
        self.act = act
        self.drop = nn.Dropout(dropout) if dropout else None
        self.acts = {}

    def lin(self, n):
        return self.layers[int(n.split(".")[1])] if n.startswith("layers.") else getattr(self, n)

    def forward(self, x):
        for i, n in enumerate(self.names):
            x = self.lin(n)(x)
            if i < len(self.names) - 1:
                if self.bn:
                    x = getattr(self, "bn%d" % (i + 1))(x)
                x = self.act(x)
                self.acts[n] = x.detach()
                if self.drop is not None:
                    x = self.drop(x)
        return x


class Seq(nn.Module):
    """A bare nn.Sequential whose named_parameters() are `0.weight`, `2.weight`, …"""

    def __init__(self, dims):
        super().__init__()
        mods = []
        for i in range(len(dims) - 1):
            mods.append(nn.Linear(dims[i], dims[i + 1]))
            if i < len(dims) - 2:
                mods.append(nn.ReLU())
        self.seq = nn.Sequential(*mods)
        self.acts = {}

    def forward(self, x):
        return self.seq(x)

    def named_parameters(self, *a, **k):
        return self.seq.named_parameters(*a, **k)


def init_(model, kind, std=None, bias=None):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for i, m in enumerate(linears):
        if True:
            if kind == "glorot":
                nn.init.xavier_uniform_(m.weight)
            elif kind == "he":
                nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
            elif kind == "normal":
                nn.init.normal_(m.weight, 0, std)
            if bias is not None and i < len(linears) - 1:  # hidden biases only, as in the story's G
                nn.init.constant_(m.bias, bias)
            elif kind != "default":
                nn.init.zeros_(m.bias)


# ---- the four loggers: one call per epoch (or per step) with what a framework would write ----


def keras_layout(run_dir, v3):
    tw = EventWriter(os.path.join(run_dir, "train"))
    vw = EventWriter(os.path.join(run_dir, "validation"))

    def log(epoch, step, model, layer_names, keras_names, train_loss, train_auc, val_loss, val_auc, lr, grads):
        if v3:
            tw.scalar_v2("epoch_loss", train_loss, epoch)
            tw.scalar_v2("epoch_auc", train_auc, epoch)
            tw.scalar_v2("epoch_learning_rate", lr, epoch)
            vw.scalar_v2("epoch_loss", val_loss, epoch)
            vw.scalar_v2("epoch_auc", val_auc, epoch)
            vw.scalar_v2("evaluation_loss_vs_iterations", val_loss, step)
        else:
            tw.scalar("epoch_loss", train_loss, epoch)
            tw.scalar("epoch_auc", train_auc, epoch)
            vw.scalar("epoch_loss", val_loss, epoch)
            vw.scalar("epoch_auc", val_auc, epoch)
        for n, kn in zip(layer_names, keras_names):
            lin = model.lin(n)
            # Keras stores kernels as [fan_in, fan_out]: the same values, transposed
            w = lin.weight.detach().numpy().T
            b = lin.bias.detach().numpy()
            if v3 == "stock":
                # Keras 3's own callback names the histogram by weight.name ('kernel'), not its
                # path: every layer's kernel shares the tag 'kernel/histogram', in model order
                tw.histo_v2("kernel/histogram", w, epoch)
                tw.histo_v2("bias/histogram", b, epoch)
            elif v3:
                tw.histo_v2("%s/kernel/histogram" % kn, w, epoch)
                tw.histo_v2("%s/bias/histogram" % kn, b, epoch)
            else:
                tw.histo_v2("%s/kernel_0" % kn, w, epoch)
                tw.histo_v2("%s/bias_0" % kn, b, epoch)

    return log, lambda: (tw.close(), vw.close())


def train(cfg, data, out):
    torch.manual_seed(cfg.get("seed", 0))
    (xtr, ytr), (xva, yva) = data
    xtr_t, ytr_t = torch.from_numpy(xtr), torch.from_numpy(ytr)
    xva_t = torch.from_numpy(xva)
    dims = [xtr.shape[1], *cfg["hidden"], ytr.shape[1]]
    act = {"relu": nn.ReLU(), "tanh": nn.Tanh()}[cfg.get("act", "relu")]
    if cfg.get("sequential"):
        model = Seq(dims)
        names = None
    else:
        names = cfg.get("names") or ["fc%d" % (i + 1) for i in range(len(dims) - 2)] + ["out"]
        model = MLP(dims, names, act, cfg.get("dropout", 0.0), cfg.get("bn", False))
    init_(model, cfg["init"], cfg.get("std"), cfg.get("bias"))
    frozen = cfg.get("frozen")
    if frozen is not None:
        for p in model.lin(frozen).parameters():
            p.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = (
        torch.optim.Adam(params, lr=cfg["lr"])
        if cfg["opt"] == "adam"
        else torch.optim.AdamW(params, lr=cfg["lr"], weight_decay=0.05)
        if cfg["opt"] == "adamw"
        else torch.optim.SGD(params, lr=cfg["lr"], momentum=0.9)
    )
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, cfg["epochs"]) if cfg.get("sched") else None
    loss_fn = nn.BCEWithLogitsLoss()
    style = cfg["style"]
    run_dir = os.path.join(out, cfg["name"])
    probe = xtr_t[:512]
    step = 0
    batch = cfg.get("batch", 64)

    if style in ("keras3", "keras2", "keras3-stock"):
        keras_log, close = keras_layout(run_dir, "stock" if style == "keras3-stock" else style == "keras3")
    else:
        w = EventWriter(run_dir)
        sub = {}
        close = lambda: (w.close(), [s.close() for s in sub.values()])

    def param_tags():
        if cfg.get("sequential"):
            return list(model.named_parameters())
        return [
            (n, p)
            for n, p in nn.Module.named_parameters(model)
        ] + [(n, b) for n, b in model.named_buffers()]

    def evaluate():
        model.eval()
        with torch.no_grad():
            lv = model(xva_t)
            val_loss = float(loss_fn(lv, torch.from_numpy(yva)))
            val_auc = auc_macro(lv.numpy(), yva)
            lt = model(xtr_t[:4000])
            train_auc = auc_macro(lt.numpy(), ytr[:4000])
        model.train()
        return val_loss, val_auc, train_auc

    def log_epoch(epoch, train_loss, grads):
        val_loss, val_auc, train_auc = evaluate()
        model.eval()
        with torch.no_grad():
            outs = torch.sigmoid(model(probe)).numpy()
        acts = {k: v.numpy() for k, v in model.acts.items()}
        model.train()
        if style in ("keras3", "keras2", "keras3-stock"):
            keras_log(epoch, step, model, names, cfg["keras_names"], train_loss, train_auc, val_loss, val_auc, cfg["lr"], grads)
        elif style == "pytorch":
            if cfg.get("add_scalars"):
                for key_, val in (("train", train_loss), ("val", val_loss)):
                    d = os.path.join(run_dir, "Loss_%s" % key_)
                    if d not in sub:
                        sub[d] = EventWriter(d)
                    sub[d].scalar("Loss", val, epoch)
            elif cfg.get("iter_loss"):
                w.scalar("Loss/val", val_loss, epoch)  # the training loss went per iteration (below)
            else:
                w.scalar("Loss/train", train_loss, epoch)
                w.scalar("Loss/val", val_loss, epoch)
            if cfg.get("sched"):
                w.scalar("lr", opt.param_groups[0]["lr"], epoch)
            w.scalar("AUC/val", val_auc, epoch)
            for n, p in param_tags():
                if p.dtype.is_floating_point:
                    w.histo(n, torch_histogram(p.detach().numpy()), epoch)
            for n, g in grads.items():
                w.histo(n + ".grad", torch_histogram(g), epoch)
        elif style == "tf1":
            for i, n in enumerate(names):
                lin = model.lin(n)
                w.histo("%s/weights" % cfg["tf1_names"][i], tf1_histogram(lin.weight.detach().numpy().T), step)
                w.histo("%s/biases" % cfg["tf1_names"][i], tf1_histogram(lin.bias.detach().numpy()), step)
                if n in acts and cfg.get("log_acts"):
                    w.histo("%s/activations" % cfg["tf1_names"][i], tf1_histogram(acts[n]), step)
            d = os.path.join(run_dir, "eval")
            if d not in sub:
                sub[d] = EventWriter(d)
            sub[d].scalar("loss", val_loss, step)
            sub[d].scalar("auc", val_auc, step)
        if style == "pytorch" and cfg.get("log_acts"):
            for n, a in acts.items():
                w.histo("activations/%s" % n, torch_histogram(a), epoch)
            w.histo("predictions", torch_histogram(outs), epoch)
        return val_auc

    history = []
    # a record before any update: TF1 scripts and PyTorch loops that log at epoch 0 first
    if cfg.get("log_initial", True) and style in ("tf1",):
        log_epoch(0, float(loss_fn(model(xtr_t[:4000]), ytr_t[:4000])), {})
    n = xtr.shape[0]
    g = torch.Generator().manual_seed(cfg.get("seed", 0))
    for epoch in range(cfg["epochs"]):
        perm = torch.randperm(n, generator=g)
        total, count = 0.0, 0
        grads = {}
        for i in range(0, n, batch):
            idx = perm[i : i + batch]
            opt.zero_grad()
            loss = loss_fn(model(xtr_t[idx]), ytr_t[idx])
            loss.backward()
            opt.step()
            step += 1
            lv = float(loss)
            total += lv * len(idx)
            count += len(idx)
            if style == "tf1" and step % 10 == 0:
                w.scalar("loss", lv, step)
            if cfg.get("iter_loss") and step % 20 == 0:
                # the PyTorch tutorial's writer.add_scalar('Loss/train', loss, n_iter): another step axis
                w.scalar("Loss/train", lv, step)
        if style == "pytorch" and cfg.get("log_grads"):
            grads = {
                n_: p.grad.detach().numpy().copy()
                for n_, p in model.named_parameters()
                if p.grad is not None
            }
        if sched is not None:
            sched.step()
        train_loss = total / count if count else float("nan")
        history.append(log_epoch(epoch + (1 if style == "tf1" else 0), train_loss, grads))
    close()
    return history


def main(out):
    d1 = teacher_data(7000, 40, 5, seed=3)
    d2 = teacher_data(6000, 60, 4, seed=8, counts=True)
    d2s = ((d2[0][0] - d2[0][0].mean(0)) / (d2[0][0].std(0) + 1e-6), d2[0][1]), (
        (d2[1][0] - d2[0][0].mean(0)) / (d2[0][0].std(0) + 1e-6),
        d2[1][1],
    )
    d2s = tuple((x.astype(np.float32), y) for x, y in d2s)
    runs = [
        # healthy
        dict(name="k3_named_tanh_glorot", data="d1", style="keras3", hidden=[96, 64, 32], act="tanh",
             names=["input_proj", "block_a", "block_b", "head"], keras_names=["input_proj", "block_a", "block_b", "head"],
             init="glorot", opt="adam", lr=1e-3, epochs=15, expect="healthy"),
        dict(name="pt_seq_default_init_counts", data="d2", style="pytorch", sequential=True, hidden=[128, 64, 32],
             init="default", opt="adam", lr=1e-3, epochs=15, add_scalars=True, expect="healthy"),
        dict(name="pt_batchnorm_he", data="d1", style="pytorch", hidden=[128, 64], bn=True, init="he",
             opt="adam", lr=1e-3, epochs=12, log_grads=True, expect="healthy"),
        dict(name="pt_deep6_he_sgd", data="d1", style="pytorch", hidden=[64] * 6, init="he", opt="sgd", lr=0.01,
             epochs=15, expect="healthy"),
        dict(name="tf1_he_adam_noisy_loss", data="d2s", style="tf1", hidden=[100, 50], init="he", opt="adam",
             lr=1e-3, epochs=10, tf1_names=["hidden1", "hidden2", "softmax_linear"], log_acts=True, expect="healthy"),
        dict(name="k2_glorot_dropout_wide", data="d2s", style="keras2", hidden=[512, 256], init="glorot",
             keras_names=["dense", "dense_1", "dense_2"], dropout=0.5, opt="adam", lr=3e-4, epochs=12, expect="healthy"),
        # faulty
        dict(name="pt_std1_layers_dropout", data="d1", style="pytorch", hidden=[256, 128, 64],
             names=["layers.0", "layers.1", "layers.2", "layers.3"], init="normal", std=1.0, dropout=0.3,
             opt="adam", lr=1e-3, epochs=15, expect="initialisation"),
        dict(name="k3_std1_nodropout", data="d2s", style="keras3", hidden=[128, 64], init="normal", std=1.0,
             keras_names=["dense", "dense_1", "dense_2"], opt="adam", lr=1e-3, epochs=12, expect="initialisation"),
        dict(name="tf1_sgd_lr3", data="d1", style="tf1", hidden=[64, 32], init="he", opt="sgd", lr=3.0,
             tf1_names=["hidden1", "hidden2", "logits"], epochs=8, expect="learning_rate_high"),
        dict(name="k2_adam_lr0.5", data="d2s", style="keras2", hidden=[256, 64], init="glorot", opt="adam", lr=0.5,
             keras_names=["dense", "dense_1", "dense_2"], epochs=10, expect="learning_rate_high"),
        dict(name="k3_frozen_first_dense", data="d1", style="keras3", hidden=[96, 48, 24], init="he", opt="adam",
             lr=1e-3, frozen="fc1", keras_names=["dense", "dense_1", "dense_2", "dense_3"], epochs=12,
             expect="frozen_layer", frozen_layer="dense"),
        dict(name="pt_frozen_middle_deep", data="d1", style="pytorch", hidden=[64, 64, 64, 64], init="he", opt="adam",
             lr=1e-3, frozen="fc3", epochs=12, log_grads=True, expect="frozen_layer", frozen_layer="fc3"),
        dict(name="pt_bias_minus6_acts", data="d1", style="pytorch", hidden=[128, 64], init="he", bias=-6.0,
             opt="adam", lr=1e-3, epochs=10, log_acts=True, expect="bias_initialisation"),
        dict(name="tf1_bias_minus6", data="d2s", style="tf1", hidden=[64, 32], init="glorot", bias=-6.0, opt="adam",
             lr=1e-3, epochs=8, tf1_names=["layer1", "layer2", "output"], log_acts=True, expect="bias_initialisation"),
        # mixed step axes (PyTorch tutorial: loss per iteration, the rest per epoch), schedules, a story-like Keras run
        dict(name="pt_iter_loss_he", data="d1", style="pytorch", hidden=[128, 64], init="he", opt="adam", lr=1e-3,
             epochs=12, iter_loss=True, expect="healthy"),
        # validation loss doubles (0.28 -> 0.58) while the ranking loses 0.01 of AUC (2% of its gain over
        # chance): overconfident probabilities, not a worse ranking, like the fixtures' D: info, no warning
        dict(name="pt_adamw_cosine_glorot", data="d2s", style="pytorch", hidden=[256, 128, 64], init="glorot",
             opt="adamw", lr=3e-3, sched="cosine", epochs=15, log_acts=True, expect="healthy", info="overfitting"),
        dict(name="pt_adamw_cosine_lr3e-4", data="d1", style="pytorch", hidden=[256, 128, 64], init="glorot",
             opt="adamw", lr=3e-4, sched="cosine", epochs=10, log_acts=True, expect="healthy"),
        dict(name="pt_iter_loss_sgd_lr5", data="d1", style="pytorch", hidden=[128, 64], init="he", opt="sgd", lr=5.0,
             epochs=8, iter_loss=True, expect="learning_rate_high"),
        dict(name="k3_story_std1_dropout", data="d1", style="keras3", hidden=[256, 128, 64], init="normal", std=1.0,
             dropout=0.5, keras_names=["dense", "dense_1", "dense_2", "dense_3"], opt="adam", lr=1e-4, epochs=25,
             expect="initialisation"),
        dict(name="tf1_frozen_hidden2", data="d2s", style="tf1", hidden=[64, 48, 32], init="glorot", opt="adam",
             lr=1e-3, frozen="fc2", tf1_names=["hidden1", "hidden2", "hidden3", "logits"], epochs=10,
             expect="frozen_layer", frozen_layer="hidden2"),
        # pitfalls for false alarms: sparse labels (outputs pile up near 0), a first record after a
        # fast first epoch, few records; and a learning rate far too low
        dict(name="pt_sparse40labels_outputs", data="d3", style="pytorch", hidden=[128, 64], init="he", opt="adam",
             lr=1e-3, epochs=12, log_acts=True, expect="healthy"),
        dict(name="k2_he_sgd_fast_first_epoch", data="d1", style="keras2", hidden=[128, 64], init="he", opt="sgd",
             lr=0.05, keras_names=["dense", "dense_1", "dense_2"], epochs=10, expect="healthy"),
        dict(name="k3_three_epochs", data="d2s", style="keras3", hidden=[64, 32], init="glorot", opt="adam", lr=1e-3,
             keras_names=["dense", "dense_1", "dense_2"], epochs=3, expect="healthy"),
        dict(name="pt_adam_lr1e-6", data="d1", style="pytorch", hidden=[128, 64], init="he", opt="adam", lr=1e-6,
             epochs=10, expect="learning_rate_low"),
        # overfitting that makes the model worse: 30% of the training labels flipped, a wide network
        # memorises them and the validation AUC (clean labels) falls from ~0.90 to ~0.71 (TF1, He init: 0.83)
        dict(name="pt_noisy_labels_memorised", data="d4", style="pytorch", hidden=[512, 256], init="glorot",
             opt="adam", lr=1e-3, epochs=20, expect="overfitting"),
        dict(name="k3_noisy_labels_memorised", data="d4", style="keras3", hidden=[512, 256], init="glorot",
             opt="adam", lr=1e-3, keras_names=["dense", "dense_1", "dense_2"], epochs=20, expect="overfitting"),
        dict(name="tf1_noisy_labels_memorised", data="d4", style="tf1", hidden=[512, 256], init="he",
             opt="adam", lr=1e-3, tf1_names=["hidden1", "hidden2", "logits"], epochs=20, expect="overfitting"),
        # learning, but far too slowly: the AUC still rises at its first epochs' pace when the run ends
        dict(name="pt_adam_lr1e-5_slow", data="d1", style="pytorch", hidden=[128, 64], init="he", opt="adam",
             lr=1e-5, epochs=15, expect="learning_rate_low"),
        dict(name="k2_sgd_lr3e-4_slow", data="d1", style="keras2", hidden=[128, 64], init="glorot", opt="sgd",
             lr=3e-4, keras_names=["dense", "dense_1", "dense_2"], epochs=15, expect="learning_rate_low"),
        dict(name="tf1_adam_lr1e-5_slow", data="d2s", style="tf1", hidden=[100, 50], init="glorot", opt="adam",
             lr=1e-5, tf1_names=["hidden1", "hidden2", "logits"], epochs=12, expect="learning_rate_low"),
        # slow but healthy: Adam 1e-4 still improving at the end, but levelling off (a pitfall for the above)
        dict(name="pt_adam_lr1e-4_converging", data="d1", style="pytorch", hidden=[128, 64], init="he", opt="adam",
             lr=1e-4, epochs=12, expect="healthy"),
        # Keras 3's stock callback: one shared 'kernel/histogram' tag for all layers
        dict(name="k3stock_glorot_healthy", data="d1", style="keras3-stock", hidden=[96, 48], init="glorot",
             opt="adam", lr=1e-3, keras_names=["dense", "dense_1", "dense_2"], epochs=10, expect="healthy"),
        dict(name="k3stock_frozen_second", data="d1", style="keras3-stock", hidden=[96, 48, 24], init="he",
             opt="adam", lr=1e-3, frozen="fc2", keras_names=["dense", "dense_1", "dense_2", "dense_3"], epochs=10,
             expect="frozen_layer", frozen_layer="layer #2"),
        dict(name="k3stock_std1", data="d2s", style="keras3-stock", hidden=[128, 64], init="normal", std=1.0,
             opt="adam", lr=1e-3, keras_names=["dense", "dense_1", "dense_2"], epochs=10, expect="initialisation"),
    ]
    only = set(sys.argv[2:])
    d3 = teacher_data(8000, 50, 40, seed=21, positive=0.03)
    d4 = teacher_data(4500, 40, 5, seed=5, n_val=1500, flip=0.3)
    datasets = {"d1": d1, "d2": d2, "d2s": d2s, "d3": d3, "d4": d4}
    expect = {}
    if os.path.exists(os.path.join(out, "expect.json")):
        expect = json.load(open(os.path.join(out, "expect.json")))
    for cfg in runs:
        if only and cfg["name"] not in only:
            continue
        hist = train(cfg, datasets[cfg["data"]], out)
        expect[cfg["name"]] = {
            "style": cfg["style"],
            "expect": cfg["expect"],
            **({"frozen_layer": cfg["frozen_layer"]} if "frozen_layer" in cfg else {}),
            **({"info": cfg["info"]} if "info" in cfg else {}),
            "val_auc_macro_last": round(hist[-1], 4),
            "val_auc_macro_best": round(max(hist), 4),
            "hidden": cfg["hidden"],
            "init": cfg["init"] + (" std %g" % cfg["std"] if cfg.get("std") else ""),
            "opt": "%s lr %g" % (cfg["opt"], cfg["lr"]),
        }
        print("%-28s %-8s auc last %.3f best %.3f  expect %s" % (
            cfg["name"], cfg["style"], hist[-1], max(hist), cfg["expect"]), flush=True)
    json.dump(expect, open(os.path.join(out, "expect.json"), "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1])

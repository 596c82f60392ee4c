"""
A TensorBoard event-file writer in plain Python (no tensorboard / tensorflow package), written
from the record and proto layout in DESIGN.md, so that the foreign-log check does not read
files made by trainscope's own writer. It writes what the real writers write:

- PyTorch 1.13 SummaryWriter: HistogramProto over TF's default bucket limits, empty buckets
  trimmed from both ends (torch.utils.tensorboard.summary.make_histogram), simple_value scalars,
  add_scalars' sub-runs (RUN/<main>_<key>/ holding tag <main>).
- TF1 tf.summary.histogram: HistogramProto over TF's default limits with every run of empty
  buckets collapsed into one (tensorflow/core/lib/histogram Histogram::EncodeToProto).
- TF2 / Keras 3: tensor summaries, plugin "histograms" (float64 [30, 3] of left, right, count)
  and plugin "scalars" (a float32 scalar tensor).
"""
import os
import socket
import struct
import time

import numpy as np


def _crc_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_T = _crc_table()


def crc32c(data: bytes) -> int:
    c = 0xFFFFFFFF
    for b in data:
        c = _T[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked_crc(data: bytes) -> int:
    c = crc32c(data)
    return ((((c >> 15) | (c << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def varint(n: int) -> bytes:
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field: int, wire: int) -> bytes:
    return varint((field << 3) | wire)


def f_varint(field, n):
    return key(field, 0) + varint(n)


def f_double(field, x):
    return key(field, 1) + struct.pack("<d", x)


def f_float(field, x):
    return key(field, 5) + struct.pack("<f", x)


def f_bytes(field, b):
    if isinstance(b, str):
        b = b.encode()
    return key(field, 2) + varint(len(b)) + b


def f_doubles(field, xs):
    return f_bytes(field, struct.pack("<%dd" % len(xs), *xs))


def tf_default_limits(with_max=True):
    pos = []
    v = 1e-12
    while v < 1e20:
        pos.append(v)
        v *= 1.1
    if with_max:
        pos.append(np.finfo(np.float64).max)
    return [-x for x in reversed(pos)] + [0.0] + pos


def histo_proto(values, limits, counts):
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    return (
        f_double(1, float(v.min()))
        + f_double(2, float(v.max()))
        + f_double(3, float(v.size))
        + f_double(4, float(v.sum()))
        + f_double(5, float(v.dot(v)))
        + f_doubles(6, [float(x) for x in limits])
        + f_doubles(7, [float(x) for x in counts])
    )


def torch_histogram(values):
    """torch.utils.tensorboard.summary.make_histogram(values, bins='tensorflow')."""
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    edges = np.array(tf_default_limits(with_max=False))
    counts, limits = np.histogram(v, bins=edges)
    cum = np.cumsum(np.greater(counts, 0).astype(np.int32))
    start, end = np.searchsorted(cum, [0, cum[-1] - 1], side="right")
    start, end = int(start), int(end) + 1
    counts = counts[start - 1 : end] if start > 0 else np.concatenate([[0], counts[:end]])
    limits = limits[start : end + 1]
    return histo_proto(v, limits, counts)


def tf1_histogram(values):
    """TF1's C++ Histogram: value x goes to the first bucket whose limit is > x; runs of empty buckets collapse."""
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    limits = np.array(tf_default_limits(with_max=True))
    idx = np.searchsorted(limits, v, side="right")
    idx = np.minimum(idx, len(limits) - 1)
    buckets = np.bincount(idx, minlength=len(limits)).astype(np.float64)
    out_l, out_c = [], []
    i = 0
    while i < len(buckets):
        end, count = limits[i], buckets[i]
        i += 1
        if count <= 0:
            while i < len(buckets) and buckets[i] <= 0:
                end, count = limits[i], buckets[i]
                i += 1
        out_l.append(end)
        out_c.append(count)
    return histo_proto(v, out_l, out_c)


def tf2_histogram_tensor(values, buckets=30):
    """tensorboard.plugins.histogram.summary_v2 (TB >= 2.5): [k, 3] rows of left, right, count."""
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    lo, hi = float(v.min()), float(v.max())
    if hi == lo:
        rows = [[lo, hi, 0.0] for _ in range(buckets)]
        rows[-1][2] = float(v.size)
    else:
        width = (hi - lo) / buckets
        idx = np.minimum(np.floor((v - lo) / width).astype(np.int64), buckets - 1)
        counts = np.bincount(idx, minlength=buckets)
        edges = lo + width * np.arange(buckets + 1)
        rows = [[edges[i], edges[i + 1], float(counts[i])] for i in range(buckets)]
    flat = np.array(rows, dtype=np.float64)
    shape = f_bytes(2, f_varint(1, flat.shape[0])) + f_bytes(2, f_varint(1, 3))
    return f_varint(1, 2) + f_bytes(2, shape) + f_bytes(4, flat.astype("<f8").tobytes())


def tf2_scalar_tensor(x):
    return f_varint(1, 1) + f_bytes(2, b"") + f_bytes(5, struct.pack("<f", float(x)))


def plugin(name):
    return f_bytes(9, f_bytes(1, f_bytes(1, name) + f_bytes(2, b"")))


class EventWriter:
    def __init__(self, logdir):
        os.makedirs(logdir, exist_ok=True)
        self.path = os.path.join(logdir, "events.out.tfevents.%d.%s" % (int(time.time()), socket.gethostname()))
        self.f = open(self.path, "wb")
        self.wall = time.time()
        self._record(f_double(1, self.wall) + f_bytes(3, "brain.Event:2"))

    def _record(self, data):
        header = struct.pack("<Q", len(data))
        self.f.write(header + struct.pack("<I", masked_crc(header)) + data + struct.pack("<I", masked_crc(data)))

    def _event(self, step, value):
        self.wall += 0.01
        self._record(f_double(1, self.wall) + f_varint(2, step) + f_bytes(5, f_bytes(1, value)))

    def scalar(self, tag, x, step):
        self._event(step, f_bytes(1, tag) + f_float(2, float(x)))

    def scalar_v2(self, tag, x, step):
        self._event(step, f_bytes(1, tag) + plugin("scalars") + f_bytes(8, tf2_scalar_tensor(x)))

    def histo(self, tag, histo_bytes, step):
        self._event(step, f_bytes(1, tag) + f_bytes(5, histo_bytes))

    def histo_v2(self, tag, values, step):
        self._event(step, f_bytes(1, tag) + plugin("histograms") + f_bytes(8, tf2_histogram_tensor(values)))

    def close(self):
        self.f.close()

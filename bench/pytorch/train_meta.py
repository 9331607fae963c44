#!/usr/bin/python3
"""Meta-network training throughput in PyTorch, per body, done the way the original study did it.

The meta-networks read four activation vectors of a LeNet-5 (maxpool2 256, fc1 120, fc2 84,
logits 10) and regress one sigmoid output with MSE. A sequence body encodes each vector with a
dense ReLU layer to EMBED units and reads the encodings as a 4-step sequence: rnn, lstm and gru
(nn.RNN tanh / nn.LSTM / nn.GRU, LAYERS layers, last step), attention (LAYERS stacked
nn.MultiheadAttention self-attentions without bias, mean over the steps: DL4J's
SelfAttentionLayer) and transformer (LAYERS nn.TransformerEncoderLayer, post-norm, ReLU,
dropout 0, mean over the steps); the mlp runs LAYERS dense ReLU layers on the concatenated 470
values. Synthetic pairs (features N(0, 1), targets U(0, 1), seeded) in a TensorDataset, a
DataLoader with shuffle=True, and per batch zero_grad / forward / MSE / backward / Adam step (lr
1e-3), with torch.set_num_threads(t). After a warm-up epoch, --rounds epochs are timed one by one.
Prints a table row per body (cpu%: the process's CPU time over wall time x threads, low when
other processes take the cores) and 'RESULT pytorch <body> <threads> <batch> <pairs/s> <best
epoch's pairs/s>'. Run by bench/meta.sh; needs Debian's python3-torch (call /usr/bin/python3).
"""
import argparse
import itertools
import os
import time

import torch
from torch import nn

INPUTS = (("maxpool2", 256), ("fc1", 120), ("fc2", 84), ("logits", 10))
FEATURES = sum(width for _, width in INPUTS)
BODIES = ("rnn", "lstm", "gru", "attention", "transformer", "mlp")


class Encoded(nn.Module):
    """Each input vector through its own dense ReLU encoder: (batch, steps, embed)."""

    def __init__(self, embed):
        super().__init__()
        self.encoders = nn.ModuleList(nn.Linear(width, embed) for _, width in INPUTS)
        offsets = list(itertools.accumulate([0] + [width for _, width in INPUTS]))
        self.slices = list(zip(offsets, offsets[1:]))

    def forward(self, x):
        return torch.stack([torch.relu(encoder(x[:, a:b]))
                            for encoder, (a, b) in zip(self.encoders, self.slices)], dim=1)


class LastStep(nn.Module):
    """A recurrent module's output at the last step."""

    def __init__(self, recurrent):
        super().__init__()
        self.recurrent = recurrent

    def forward(self, x):
        return self.recurrent(x)[0][:, -1]


class SelfAttention(nn.Module):
    """Stacked self-attentions (query = key = value = the steps), no bias, mean over the steps."""

    def __init__(self, embed, heads, layers):
        super().__init__()
        self.layers = nn.ModuleList(
            nn.MultiheadAttention(embed, heads, bias=False, batch_first=True)
            for _ in range(layers))

    def forward(self, x):
        for attention in self.layers:
            x = attention(x, x, x, need_weights=False)[0]
        return x.mean(dim=1)


class MeanOverSteps(nn.Module):
    """A sequence module's output, averaged over the steps."""

    def __init__(self, body):
        super().__init__()
        self.body = body

    def forward(self, x):
        return self.body(x).mean(dim=1)


def body(name, embed, layers, heads, ff):
    """The sequence body `name`, from (batch, steps, embed) to (batch, embed)."""
    if name == "rnn":
        return LastStep(nn.RNN(embed, embed, layers, nonlinearity="tanh", batch_first=True))
    if name == "lstm":
        return LastStep(nn.LSTM(embed, embed, layers, batch_first=True))
    if name == "gru":
        return LastStep(nn.GRU(embed, embed, layers, batch_first=True))
    if name == "attention":
        return SelfAttention(embed, heads, layers)
    if name == "transformer":
        return MeanOverSteps(nn.Sequential(*(
            nn.TransformerEncoderLayer(embed, heads, dim_feedforward=ff, dropout=0.0,
                                       batch_first=True) for _ in range(layers))))
    raise ValueError(f"unknown body {name}")


def network(name, embed, layers, heads, ff):
    """Trunk (encoders and body, or the mlp's dense layers), then one sigmoid unit."""
    if name == "mlp":
        widths = [FEATURES] + [embed] * layers
        trunk = nn.Sequential(*(module for a, b in zip(widths, widths[1:])
                                for module in (nn.Linear(a, b), nn.ReLU())))
    else:
        trunk = nn.Sequential(Encoded(embed), body(name, embed, layers, heads, ff))
    return nn.Sequential(trunk, nn.Linear(embed, 1), nn.Sigmoid())


def epoch(model, loader, optimizer, loss_fn):
    """One pass; returns (seconds, pairs)."""
    start = time.perf_counter()
    pairs = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        pairs += x.shape[0]
    return time.perf_counter() - start, pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--bodies", default=",".join(BODIES))
    parser.add_argument("--pairs", type=int, default=8192)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--embed", type=int, default=128)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--ff", type=int, help="transformer feed-forward width (default 2 x embed)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ff = args.ff or 2 * args.embed

    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(args.pairs, FEATURES, generator=generator)
    y = torch.rand(args.pairs, 1, generator=generator)
    dataset = torch.utils.data.TensorDataset(x, y)
    print(f"pytorch {torch.__version__}, {torch.get_num_threads()} threads, batch {args.batch},"
          f" {args.pairs} pairs, Adam lr 1e-3, load average {os.getloadavg()[0]:.2f}")
    print(f"{'side':<7} {'body':<11} {'threads':>7} {'pairs/s':>10} {'best/s':>10} {'cpu%':>5}")
    for name in args.bodies.split(","):
        torch.manual_seed(0)
        model = network(name, args.embed, args.layers, args.heads, ff)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch, shuffle=True)
        loss_fn = nn.MSELoss()
        epoch(model, loader, optimizer, loss_fn)  # warm-up
        cpu_start = time.process_time()
        timed = [epoch(model, loader, optimizer, loss_fn) for _ in range(args.rounds)]
        wall = sum(s for s, _ in timed)
        cpu = (time.process_time() - cpu_start) / wall / args.threads
        per_second = sum(n for _, n in timed) / wall
        best = max(n / s for s, n in timed)
        print(f"{'pytorch':<7} {name:<11} {args.threads:7d} {per_second:10.0f} {best:10.0f}"
              f" {100 * cpu:4.0f}%")
        print(f"RESULT pytorch {name} {args.threads} {args.batch} {per_second:.1f} {best:.1f}")


if __name__ == "__main__":
    main()

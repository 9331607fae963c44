#!/usr/bin/python3
"""LeNet-5 training throughput in PyTorch, done the way the original study did it.

The bundled training images (data/mnist, IDX, pixels / 255) in a TensorDataset, a DataLoader with
shuffle=True, and per batch zero_grad / forward / cross-entropy / backward / Adam step, with
torch.set_num_threads(t). The net is the Java trainer's LeNet-5 with PyTorch's default init. After
a warm-up epoch, ROUNDS epochs are timed one by one (the loop alone, as TrainBench times its
trainers). Prints a table row per batch size and 'RESULT pytorch <threads> <batch> <images/s>
<best epoch's images/s>'. Run by bench/train.sh; needs Debian's python3-torch (call /usr/bin/python3).
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
from torch import nn

FLOP_PER_IMAGE = 3 * 563_280
ROUNDS = 3


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def lenet5():
    """conv 6@5x5-ReLU-maxpool2-conv 16@5x5-ReLU-maxpool2-fc120-ReLU-fc84-ReLU-fc10 (logits)."""
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(256, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))


def epoch(model, loader, optimizer, loss_fn):
    """One pass; returns (seconds, images)."""
    start = time.perf_counter()
    images = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        images += x.shape[0]
    return time.perf_counter() - start, images


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data/mnist")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--images", type=int, default=8000)
    parser.add_argument("--batches", default="32,64,128,256")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    pixels = idx(os.path.join(args.data, "train-images-idx3-ubyte.gz"))[:args.images]
    labels = idx(os.path.join(args.data, "train-labels-idx1-ubyte.gz"))[:args.images]
    x = torch.from_numpy(pixels.astype(np.float32) / 255).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    dataset = torch.utils.data.TensorDataset(x, y)
    print(f"pytorch {torch.__version__}, {torch.get_num_threads()} threads, {len(dataset)} images,"
          f" load average {os.getloadavg()[0]:.2f}")
    print(f"{'engine':<7} {'threads':>7} {'batch':>6} {'images':>7} {'images/s':>10} {'best/s':>10}"
          f" {'GFLOP/s':>8}")
    for batch in [int(b) for b in args.batches.split(",")]:
        model = lenet5()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loader = torch.utils.data.DataLoader(dataset, batch_size=batch, shuffle=True)
        loss_fn = nn.CrossEntropyLoss()
        epoch(model, loader, optimizer, loss_fn)  # warm-up
        timed = [epoch(model, loader, optimizer, loss_fn) for _ in range(ROUNDS)]
        per_second = sum(n for _, n in timed) / sum(s for s, _ in timed)
        best = max(n / s for s, n in timed)
        print(f"{'pytorch':<7} {args.threads:7d} {batch:6d} {len(dataset):7d} {per_second:10.0f}"
              f" {best:10.0f} {per_second * FLOP_PER_IMAGE / 1e9:8.1f}")
        print(f"RESULT pytorch {args.threads} {batch} {per_second:.1f} {best:.1f}")


if __name__ == "__main__":
    main()

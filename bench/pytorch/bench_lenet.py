#!/usr/bin/python3
"""LeNet-5 inference throughput in PyTorch, done the way the original study did it.

For each of N clean samples, one batch of 1,000 noisy copies x + 0.9*eps (eps ~ N(0, 1), unclipped)
goes through the model under torch.no_grad() with torch.set_num_threads(t); predictions are argmaxed
and counted. The weights are the benchmark model's, exported by the Java bench (EngineBench) as raw
little-endian float32 in DL4J's layouts; the script first checks that its logits on the clean
samples match DL4J's. images/s counts the whole loop (noise, forward, argmax, counting), as the Java
bench does. Prints a table row and
'RESULT pytorch <threads> <images/s> <best round's images/s> <ms/pair>'.
Run by bench/run.sh; needs Debian's python3-torch (call /usr/bin/python3).
"""
import argparse
import os
import time

import numpy as np
import torch
from torch import nn

SIDE = 28
FLOP_PER_IMAGE = 563_280
SIGMA = 0.9
ROUNDS = 5


def floats(folder, name, shape):
    values = np.fromfile(os.path.join(folder, name), dtype="<f4")
    return torch.from_numpy(values.reshape(shape).copy())


def lenet5(folder):
    """conv 6@5x5-ReLU-maxpool2-conv 16@5x5-ReLU-maxpool2-fc120-ReLU-fc84-ReLU-fc10 (logits)."""
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),  # NCHW -> channel-major, as DL4J's CnnToFeedForward
        nn.Linear(256, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))
    layers = {"conv1": (model[0], (6, 1, 5, 5)), "conv2": (model[3], (16, 6, 5, 5)),
              "fc1": (model[7], (256, 120)), "fc2": (model[9], (120, 84)),
              "logits": (model[11], (84, 10))}
    with torch.no_grad():
        for name, (layer, shape) in layers.items():
            weight = floats(folder, name + "_W.f32", shape)
            # DL4J dense weights are [in, out]; PyTorch's Linear keeps [out, in].
            layer.weight.copy_(weight if len(shape) == 4 else weight.t())
            outputs = shape[0] if len(shape) == 4 else shape[1]
            layer.bias.copy_(floats(folder, name + "_b.f32", (outputs,)))
    return model.eval()


def check_against_dl4j(model, samples, folder):
    expected = floats(folder, "clean_logits.f32", (samples.shape[0], 10))
    with torch.no_grad():
        diff = (model(samples) - expected).abs().max().item()
    print(f"pytorch logits vs DL4J on {samples.shape[0]} clean samples: max |diff| {diff:.2e}")
    if diff > 1e-3:
        raise SystemExit("exported weights do not reproduce DL4J's logits")


def run_pairs(model, samples, first, pairs, copies, generator):
    """Pairs first..first+pairs-1; returns (noise seconds, forward seconds, unchanged copies)."""
    noise_s = predict_s = 0.0
    unchanged = 0
    with torch.no_grad():
        clean_class = model(samples[first:first + pairs]).argmax(1)
        for i in range(pairs):
            start = time.perf_counter()
            batch = samples[first + i] + SIGMA * torch.randn(copies, 1, SIDE, SIDE, generator=generator)
            made = time.perf_counter()
            predicted = model(batch).argmax(1)
            predict_s += time.perf_counter() - made
            noise_s += made - start
            unchanged += int((predicted == clean_class[i]).sum())
    return noise_s, predict_s, unchanged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="work folder written by EngineBench")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--copies", type=int, default=1000)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    model = lenet5(args.dir)
    count = os.path.getsize(os.path.join(args.dir, "samples.f32")) // (4 * SIDE * SIDE)
    samples = floats(args.dir, "samples.f32", (count, 1, SIDE, SIDE))
    pairs = min(args.pairs, count)
    check_against_dl4j(model, samples, args.dir)

    generator = torch.Generator().manual_seed(0)
    run_pairs(model, samples, 0, max(2, pairs // 10), args.copies, generator)  # warm-up
    # Timed in rounds, as EngineBench: the best round shows the least interference.
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    noise_s = predict_s = 0.0
    unchanged = 0
    best = 0.0
    for r in range(ROUNDS):
        first = pairs * r // ROUNDS
        count = pairs * (r + 1) // ROUNDS - first
        noise, predict, same = run_pairs(model, samples, first, count, args.copies, generator)
        noise_s, predict_s, unchanged = noise_s + noise, predict_s + predict, unchanged + same
        best = max(best, count * args.copies / (noise + predict))
    cpu_share = (time.process_time() - cpu_start) / (time.perf_counter() - wall_start)

    images = pairs * args.copies
    pair_s = noise_s + predict_s  # the whole loop: noise, forward, argmax and counting
    per_second = images / pair_s
    pair_ms = pair_s * 1e3 / pairs
    print(f"pytorch {torch.__version__}, {torch.get_num_threads()} threads, mkldnn "
          f"{torch.backends.mkldnn.is_available()}, load average {os.getloadavg()[0]:.2f}; "
          f"forward passes alone: {images / predict_s:.0f} images/s")
    print(f"{'engine':<7} {'threads':>7} {'pairs':>6} {'images/s':>10} {'best/s':>10} "
          f"{'GFLOP/s':>8} {'%peak':>6} {'cpu%':>5} {'pairs/s':>8} {'ms/pair':>8} "
          f"{'noise ms':>8} {'unchanged':>9}")
    print(f"{'pytorch':<7} {args.threads:7d} {pairs:6d} {per_second:10.0f} {best:10.0f} "
          f"{per_second * FLOP_PER_IMAGE / 1e9:8.1f} {'-':>6} {100 * cpu_share / args.threads:4.0f}% "
          f"{pairs / pair_s:8.1f} {pair_ms:8.2f} {noise_s * 1e3 / pairs:8.2f} "
          f"{unchanged / images:9.4f}")
    print(f"RESULT pytorch {args.threads} {per_second:.1f} {best:.1f} {pair_ms:.3f}")


if __name__ == "__main__":
    main()

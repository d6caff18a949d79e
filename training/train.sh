#!/usr/bin/env bash
# Train the nano model from scratch on the CPU and export it to ckpt/nano:
#   training/train.sh [--smoke] [--vae-minutes M] [--hours H] [--resume]
# VAE first, then the DiT and text encoder on the VAE's latents, then the export (weights, fp8, fixtures).
# State and logs live in runs/ (ignored by git); --resume continues where a run stopped.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(dirname "$here")"
smoke=0; vae_minutes=40; hours=6; resume=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --vae-minutes) vae_minutes="$2"; shift ;;
    --hours) hours="$2"; shift ;;
    --resume) resume="--resume" ;;
    *) echo "train.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
py=/usr/bin/python3
"$py" -c "import torch, numpy" 2>/dev/null || { echo "train.sh: needs Debian's python3-torch and python3-numpy" >&2; exit 2; }
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-2}"
cd "$here"
if [ "$smoke" = 1 ]; then
  runs="$root/runs/smoke"; rm -rf "$runs"; mkdir -p "$runs"
  "$py" -m magi_nano.train_vae --smoke --out "$runs/vae"
  "$py" -m magi_nano.train_dit --smoke --vae "$runs/vae/state.pt" --out "$runs/dit" --eval-clips 1 --pretrain-frac 0.5
  "$py" -m magi_nano.export --dit "$runs/dit/state.pt" --vae "$runs/vae/state.pt" --out "$runs/ckpt"
  echo "smoke run done: $runs/ckpt"
  exit 0
fi
runs="$root/runs"; mkdir -p "$runs/vae" "$runs/dit"
"$py" -m magi_nano.train_vae --out "$runs/vae" --minutes "$vae_minutes" $resume
"$py" -m magi_nano.train_dit --vae "$runs/vae/state.pt" --out "$runs/dit" --hours "$hours" $resume
"$py" -m magi_nano.export --dit "$runs/dit/state.pt" --vae "$runs/vae/state.pt" --out "$root/ckpt/nano"

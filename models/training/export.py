"""Exports a training checkpoint to ONNX: dynamic batch, height and width; opset 13.

  /usr/bin/python3 models/training/export.py --checkpoint /tmp/cells.pt --out models/unet-cells/model.onnx

A checkpoint is either train.py's state (weights and their `widths`) or a bare state_dict of unet-nuclei's shape
(--base/--depth).
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from unet import UNet  # noqa: E402


def export(model, path):
    """Writes `model` (eval mode; batch norm folded by the exporter) as ONNX with input 'input' and output 'logits'."""
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 256, 256), path, input_names=['input'], output_names=['logits'],
                      dynamic_axes={'input': {0: 'n', 2: 'h', 3: 'w'}, 'logits': {0: 'n', 2: 'h', 3: 'w'}},
                      opset_version=13, do_constant_folding=True)


def load(checkpoint, base=8, depth=5):
    """The model of a checkpoint, in eval mode."""
    ck = torch.load(checkpoint)
    if 'model' in ck:
        model = UNet(widths=ck['widths'])
        model.load_state_dict(ck['model'])
    else:
        model = UNet(base, depth)
        model.load_state_dict(ck)
    return model.eval()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--checkpoint', required=True)
    ap.add_argument('--base', type=int, default=8)
    ap.add_argument('--depth', type=int, default=5)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    export(load(a.checkpoint, a.base, a.depth), a.out)
    print(f'exported {a.out}')


if __name__ == '__main__':
    main()

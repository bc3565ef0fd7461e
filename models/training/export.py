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


def export(model, path, half_weights=False):
    """Writes `model` (eval mode; batch norm folded by the exporter) as ONNX with input 'input' and output 'logits'.

    With `half_weights`, the weights are stored as float16, each followed by a Cast to float32: the file is half
    the size, and ONNX Runtime folds the casts when it loads the model, so it computes in float32 as before.
    """
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 256, 256), path, input_names=['input'], output_names=['logits'],
                      dynamic_axes={'input': {0: 'n', 2: 'h', 3: 'w'}, 'logits': {0: 'n', 2: 'h', 3: 'w'}},
                      opset_version=13, do_constant_folding=True)
    if half_weights:
        store_half(path)


def store_half(path):
    """Rewrites the ONNX file at `path` with float16 initializers, each cast back to float32 by a Cast node."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper
    m = onnx.load(path)
    g = m.graph
    casts, kept = [], []
    for init in g.initializer:
        if init.data_type != onnx.TensorProto.FLOAT or len(init.dims) == 0:
            kept.append(init)
            continue
        half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name + '_f16')
        kept.append(half)
        casts.append(helper.make_node('Cast', [half.name], [init.name], to=onnx.TensorProto.FLOAT, name=init.name + '_cast'))
    del g.initializer[:]
    g.initializer.extend(kept)
    nodes = casts + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(m)
    onnx.save(m, path)


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
    ap.add_argument('--half', action='store_true', help='store the weights as float16 (half the file; computed in float32)')
    a = ap.parse_args()
    export(load(a.checkpoint, a.base, a.depth), a.out, a.half)
    print(f'exported {a.out}')


if __name__ == '__main__':
    main()

"""Rebuilds a trainable U-Net from a shipped ONNX file, so that a later stage can continue from shipped weights when
the checkpoint they came from was not kept.

The exporter folds every batch norm into the convolution before it (weight and bias), and export.store_half may have
stored the weights as float16 behind Cast nodes. `from_onnx` puts the folded weights back into the convolutions and
makes each batch norm the identity plus the folded bias, so the rebuilt model in eval mode computes what the ONNX file
computes. `calibrate` then measures each convolution's output over real training batches and sets its batch norm's
running statistics and affine parameters to them (weight = sd, bias = mean + folded bias): eval mode is unchanged and
train mode, which normalises by the batch's statistics, starts from the same function instead of a perturbed one.

  /usr/bin/python3 models/training/train.py ... --init-onnx models/unet-cells/model.onnx --widths 8,16,32,64,128,256
"""
import numpy as np
import torch
import torch.nn as nn


def _initializers(m):
    """name -> float32 array of every initializer, float16 ones under the name their Cast gives them."""
    from onnx import numpy_helper
    arrays = {i.name: numpy_helper.to_array(i).astype(np.float32) for i in m.graph.initializer}
    for n in m.graph.node:
        if n.op_type == 'Cast' and n.input[0] in arrays:
            arrays[n.output[0]] = arrays[n.input[0]]
    return arrays


def _convs_in_order(model):
    """(conv, batch norm or None) of every plain convolution in the order forward runs them."""
    pairs = []
    for block in list(model.down) + list(model.up):
        pairs += [(block[0], block[1]), (block[3], block[4])]
    pairs.append((model.head, None))
    return pairs


def from_onnx(path, model):
    """Loads the ONNX file at `path` (exported by export.py from a UNet of `model`'s widths) into `model`."""
    import onnx
    m = onnx.load(path)
    arrays = _initializers(m)
    convs = [n for n in m.graph.node if n.op_type == 'Conv']
    pairs = _convs_in_order(model)
    if len(convs) != len(pairs):
        raise ValueError(f'{path}: {len(convs)} convolutions, the model has {len(pairs)} (other widths?)')
    with torch.no_grad():
        for node, (conv, bn) in zip(convs, pairs):
            w = torch.from_numpy(arrays[node.input[1]])
            b = torch.from_numpy(arrays[node.input[2]]) if len(node.input) > 2 else torch.zeros(w.shape[0])
            if w.shape != conv.weight.shape:
                raise ValueError(f'{path}: convolution {node.name} is {tuple(w.shape)}, expected {tuple(conv.weight.shape)}')
            conv.weight.copy_(w)
            if bn is None:
                conv.bias.copy_(b)
            else:
                bn.running_mean.zero_()
                bn.running_var.fill_(1 - bn.eps)
                bn.weight.fill_(1)
                bn.bias.copy_(b)
        for i, up in enumerate(model.upconv):
            up.weight.copy_(torch.from_numpy(arrays[f'upconv.{i}.weight']))
            up.bias.copy_(torch.from_numpy(arrays[f'upconv.{i}.bias']))
    return model


def calibrate(model, batches):
    """Sets every batch norm of a model rebuilt by `from_onnx` to the statistics of its convolution's output over
    `batches` (N x 1 x H x W tensors); the model's eval-mode output is unchanged."""
    pairs = [(c, bn) for c, bn in _convs_in_order(model) if bn is not None]
    sums = {id(c): [0.0, 0.0, 0] for c, _ in pairs}

    def hook(conv):
        def f(_, __, out):
            s = sums[id(conv)]
            s[0] = s[0] + out.sum(dim=(0, 2, 3)).double()
            s[1] = s[1] + (out.double() ** 2).sum(dim=(0, 2, 3))
            s[2] += out.numel() // out.shape[1]
        return f

    handles = [c.register_forward_hook(hook(c)) for c, _ in pairs]
    model.eval()
    with torch.no_grad():
        for x in batches:
            model(x)
    for h in handles:
        h.remove()
    with torch.no_grad():
        for c, bn in pairs:
            s0, s1, n = sums[id(c)]
            mean = (s0 / n).float()
            var = (s1 / n).float() - mean ** 2
            var = var.clamp_min(1e-8)
            folded_bias = bn.bias.clone()
            bn.running_mean.copy_(mean)
            bn.running_var.copy_(var)
            bn.weight.copy_(torch.sqrt(var + bn.eps))
            bn.bias.copy_(mean + folded_bias)
    return model


def max_difference(model, path, x):
    """Largest absolute difference between `model` (eval) and the ONNX file at `path` on input `x`, computed with
    onnx's reference evaluator when present, else None."""
    try:
        from onnx.reference import ReferenceEvaluator
    except ImportError:
        return None
    import onnx
    ref = ReferenceEvaluator(onnx.load(path))
    want = ref.run(None, {'input': x.numpy()})[0]
    model.eval()
    with torch.no_grad():
        got = model(x).numpy()
    return float(np.abs(got - want).max())


if __name__ == '__main__':
    import argparse
    import sys
    import os
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from unet import UNet, widths_of
    ap = argparse.ArgumentParser(description='checks that an ONNX file rebuilds exactly')
    ap.add_argument('onnx')
    ap.add_argument('--widths', default='8,16,32,64,128,256')
    a = ap.parse_args()
    model = from_onnx(a.onnx, UNet(widths=widths_of(a.widths)))
    x = torch.rand(1, 1, 64, 64)
    before = model.eval()(x).detach()
    calibrate(model, [torch.rand(2, 1, 64, 64) for _ in range(3)])
    after = model.eval()(x).detach()
    print('calibration changes eval output by', float((after - before).abs().max()))
    print('max |torch - onnx| =', max_difference(model, a.onnx, x))

"""2D U-Nets that CellActors ships (architecture only).

Input: one grey channel, prepared as data.prepare does (bright background inverted, percentiles 1 and 99.8 mapped
to 0 and 1). Output: three logits per pixel: background, cell interior, cell boundary (softmax over the channel
axis). Instances are made from them by a seeded watershed in CellActors (src/Imaging, ProbabilityInstances).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def _block(ci, co):
    return nn.Sequential(
        nn.Conv2d(ci, co, 3, padding=1, bias=False), nn.BatchNorm2d(co), nn.ReLU(inplace=True),
        nn.Conv2d(co, co, 3, padding=1, bias=False), nn.BatchNorm2d(co), nn.ReLU(inplace=True))


def widths_of(spec):
    """'8,24,48,96,192' -> [8, 24, 48, 96, 192]."""
    return [int(w) for w in str(spec).split(',')]


class UNet(nn.Module):
    """U-Net with one level per entry of `widths` (channels at full resolution first), or, when `widths` is None,
    `depth` levels of `base` * 2**k channels (unet-nuclei's shape).

    Height and width of the input must be multiples of 2**(levels-1).
    """

    def __init__(self, base=8, depth=5, classes=3, widths=None):
        super().__init__()
        widths = list(widths) if widths else [base * 2 ** i for i in range(depth)]
        self.widths = widths
        self.down = nn.ModuleList()
        ci = 1
        for w in widths:
            self.down.append(_block(ci, w))
            ci = w
        self.upconv = nn.ModuleList()
        self.up = nn.ModuleList()
        for w in reversed(widths[:-1]):
            self.upconv.append(nn.ConvTranspose2d(ci, w, 2, stride=2))
            self.up.append(_block(2 * w, w))
            ci = w
        self.head = nn.Conv2d(ci, classes, 1)
        self.multiple = 2 ** (len(widths) - 1)

    def forward(self, x):
        skips = []
        for i, block in enumerate(self.down):
            x = block(x)
            if i < len(self.down) - 1:
                skips.append(x)
                x = F.max_pool2d(x, 2)
        for upconv, block in zip(self.upconv, self.up):
            x = block(torch.cat([upconv(x), skips.pop()], 1))
        return self.head(x)

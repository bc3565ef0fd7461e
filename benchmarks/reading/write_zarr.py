#!/usr/bin/env python3
"""Writes ReadBench's OME-Zarr inputs from a raw uint16 stack (T x H x W, little endian): v2 + blosc (python3-zarr,
numcodecs' default Blosc lz4 with byte shuffle) and v3 + zstd, both chunked (1, 1, 1, CHUNK, CHUNK), with the same
writers as the test fixtures (tests/TestSupport/Fixtures/make_fixtures.py).
Usage: write_zarr.py RAW T H W CHUNK OUT_DIR"""
import os
import sys

import numpy as np
import numcodecs

here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(here, 'Fixtures'), os.path.join(here, '..', '..', 'tests', 'TestSupport', 'Fixtures')]  # beside the build, or in the source tree
from make_fixtures import write_v2, write_v3  # noqa: E402

raw, t, h, w, chunk, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
data = np.fromfile(raw, dtype='<u2').reshape(t, 1, 1, h, w)
axes = [{'name': 't', 'type': 'time'}, {'name': 'c', 'type': 'channel'}, {'name': 'z', 'type': 'space'},
        {'name': 'y', 'type': 'space', 'unit': 'micrometer'}, {'name': 'x', 'type': 'space', 'unit': 'micrometer'}]
ms = lambda v: [{'version': v, 'axes': axes, 'datasets': [{'path': '0', 'coordinateTransformations': [{'type': 'scale', 'scale': [1, 1, 1, 0.5, 0.5]}]}]}]
write_v2(f'{out}/blosc.zarr', [(data, (1, 1, 1, chunk, chunk))], numcodecs.Blosc(cname='lz4', clevel=5, shuffle=numcodecs.Blosc.SHUFFLE), {'multiscales': ms('0.4')})
write_v3(f'{out}/zstd.zarr', [(data, (1, 1, 1, chunk, chunk))], {'version': '0.5', 'multiscales': ms('0.5')}, ['t', 'c', 'z', 'y', 'x'])

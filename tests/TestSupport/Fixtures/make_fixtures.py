#!/usr/bin/env python3
"""Writes the small microscopy files the reading tests check CellActors against, with independent writers
(Debian's python3-tifffile, python3-zarr, python3-numcodecs, python3-pil): ImageJ hyperstacks, OME-TIFF (two
dimension orders, two series, a set split over files, a pyramid), RGB/RGBA TIFF and PNG, OME-Zarr (NGFF 0.4 on
Zarr v2 with blosc, zlib, gzip and no compression; NGFF 0.5 on Zarr v3 with zstd; a plate), and files whose
metadata is ambiguous or contradicts them.

Every plane's pixels follow one formula, so a test can tell which (series, t, c, z) it got:
    value(s, t, c, z, y, x) = 5000*s + 1000*t + 100*c + 10*z + (3*y + x) % 10      (uint16)
Usage: make_fixtures.py OUT_DIR   (writes OUT_DIR/*, prints nothing on success)
"""
import json
import os
import sys

import numpy as np
import tifffile
import zarr
import numcodecs
from PIL import Image

H, W = 12, 16


def plane(s, t, c, z):
    y, x = np.mgrid[0:H, 0:W]
    return (5000 * s + 1000 * t + 100 * c + 10 * z + (3 * y + x) % 10).astype(np.uint16)


def stack(axes, sizes, s=0):
    """An array with the given axes (a string over T, C, Z, Y, X) whose planes follow the formula."""
    shape = [sizes[a] for a in axes[:-2]] + [H, W]
    out = np.zeros(shape, np.uint16)
    for idx in np.ndindex(*shape[:-2]):
        pos = dict(zip(axes[:-2], idx))
        out[idx] = plane(s, pos.get('T', 0), pos.get('C', 0), pos.get('Z', 0))
    return out


def imagej(out):
    # TCYX: 3 time points of 2 channels; TZCYX: 2 x 3 x 2; CZYX: 2 channels of 4 slices (ImageJ stores ZCYX).
    tifffile.imwrite(f'{out}/imagej_tcyx.tif', stack('TCYX', dict(T=3, C=2)), imagej=True,
                     resolution=(2.0, 2.0), metadata={'axes': 'TCYX', 'unit': 'um', 'finterval': 1.5})
    tifffile.imwrite(f'{out}/imagej_tzcyx.tif', stack('TZCYX', dict(T=2, Z=3, C=2)), imagej=True,
                     resolution=(4.0, 4.0), metadata={'axes': 'TZCYX', 'unit': 'micron', 'spacing': 2.0, 'finterval': 60, 'tunit': 'min'})
    tifffile.imwrite(f'{out}/imagej_czyx.tif', stack('ZCYX', dict(Z=4, C=2)), imagej=True, metadata={'axes': 'ZCYX'})


def ome(out):
    meta = {'PhysicalSizeX': 0.25, 'PhysicalSizeXUnit': 'µm', 'PhysicalSizeY': 250, 'PhysicalSizeYUnit': 'nm',
            'PhysicalSizeZ': 1.5, 'TimeIncrement': 2500, 'TimeIncrementUnit': 'ms', 'Channel': {'Name': ['DAPI', 'GFP']}}
    # tifffile's DimensionOrder is the reverse of its axes: TZCYX -> XYCZT, TCZYX -> XYZCT.
    tifffile.imwrite(f'{out}/ome_xyczt.ome.tif', stack('TZCYX', dict(T=2, Z=3, C=2)), ome=True, metadata=dict(meta, axes='TZCYX'))
    tifffile.imwrite(f'{out}/ome_xyzct.ome.tif', stack('TCZYX', dict(T=2, C=2, Z=3)), ome=True, metadata=dict(meta, axes='TCZYX'))
    # BigTIFF, tiled (16 x 16 tiles over 12 x 16 planes), big-endian: the reader's other TIFF flavours with OME-XML.
    tifffile.imwrite(f'{out}/ome_bigtiff_tiled.ome.tif', stack('TCYX', dict(T=2, C=2)), ome=True, bigtiff=True, tile=(16, 16),
                     byteorder='>', compression='zlib', metadata={'axes': 'TCYX'})
    with tifffile.TiffWriter(f'{out}/ome_two_series.ome.tif', ome=True) as tif:
        tif.write(stack('TCYX', dict(T=2, C=2), s=0), metadata={'axes': 'TCYX', 'Channel': {'Name': ['DAPI', 'GFP']}})
        tif.write(stack('ZYX', dict(Z=3), s=1), metadata={'axes': 'ZYX', 'PhysicalSizeX': 0.5, 'PhysicalSizeY': 0.5})
    with tifffile.TiffWriter(f'{out}/ome_pyramid.ome.tif', ome=True) as tif:
        level0 = stack('CYX', dict(C=2))
        tif.write(level0, subifds=1, metadata={'axes': 'CYX', 'Channel': {'Name': ['DAPI', 'GFP']}})
        tif.write(level0[:, ::2, ::2], subfiletype=1)


def ome_set(out):
    """One image of 2 channels x 2 time points split over two files (one channel each), the OME-XML in both."""
    os.makedirs(f'{out}/omeset', exist_ok=True)
    names = ['set_c0.ome.tif', 'set_c1.ome.tif']
    tiffdata = ''.join(
        f'<TiffData FirstC="{c}" FirstT="0" IFD="0" PlaneCount="2"><UUID FileName="{names[c]}">urn:uuid:{c}</UUID></TiffData>'
        for c in range(2))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">'
           '<Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYTCZ" Type="uint16" SizeX="16" SizeY="12" '
           'SizeC="2" SizeZ="1" SizeT="2" PhysicalSizeX="0.65" PhysicalSizeY="0.65">'
           '<Channel ID="Channel:0:0" Name="nuclei" SamplesPerPixel="1"/><Channel ID="Channel:0:1" Name="membrane" SamplesPerPixel="1"/>'
           + tiffdata +
           '<Plane TheC="0" TheZ="0" TheT="0" DeltaT="0"/><Plane TheC="0" TheZ="0" TheT="1" DeltaT="30"/>'
           '</Pixels></Image></OME>')
    for c in range(2):
        tifffile.imwrite(f'{out}/omeset/{names[c]}', stack('TYX', dict(T=2))[:] * 0 + np.stack([plane(0, t, c, 0) for t in range(2)]),
                         description=xml, metadata=None)


def colour(out):
    rgb = np.zeros((H, W, 4), np.uint16)
    for k in range(4):
        rgb[..., k] = plane(0, 0, k, 0)
    rgb[..., 3] = 65535
    tifffile.imwrite(f'{out}/rgb16.tif', rgb[..., :3], photometric='rgb')
    tifffile.imwrite(f'{out}/rgb16_planar.tif', np.moveaxis(rgb[..., :3], -1, 0), photometric='rgb', planarconfig='separate')
    tifffile.imwrite(f'{out}/rgba16.tif', rgb, photometric='rgb', extrasamples=['unassalpha'])
    rgb8 = (rgb // 40).astype(np.uint8)
    rgb8[..., 3] = 255
    tifffile.imwrite(f'{out}/rgb8.tif', rgb8[..., :3], photometric='rgb')
    tifffile.imwrite(f'{out}/rgba8.tif', rgb8, photometric='rgb', extrasamples=['unassalpha'])
    Image.fromarray(rgb8[..., :3], 'RGB').save(f'{out}/rgb8.png')
    Image.fromarray(rgb8, 'RGBA').save(f'{out}/rgba8.png')


def bad(out):
    os.makedirs(f'{out}/bad', exist_ok=True)
    six = stack('TYX', dict(T=6))
    # channels=2 for 6 pages without slices or frames: 3 z-slices or 3 time points?
    tifffile.imwrite(f'{out}/bad/ambiguous.tif', six, description='ImageJ=1.54f\nimages=6\nchannels=2\n', metadata=None)
    # channels x frames = 4, but 6 pages
    tifffile.imwrite(f'{out}/bad/contradictory.tif', six, description='ImageJ=1.54f\nimages=4\nchannels=2\nframes=2\nhyperstack=true\n', metadata=None)
    xml = ('<?xml version="1.0"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0">'
           '<Pixels DimensionOrder="XYCZT" Type="uint16" SizeX="16" SizeY="12" SizeC="2" SizeZ="1" SizeT="4">'
           '<Channel Name="a"/><Channel Name="b"/></Pixels></Image></OME>')
    tifffile.imwrite(f'{out}/bad/too_few_pages.ome.tif', six, description=xml, metadata=None)
    tifffile.imwrite(f'{out}/bad/good.tif', stack('YX', {}))


def ngff_axes(version):
    return [{'name': 't', 'type': 'time', 'unit': 'second'}, {'name': 'c', 'type': 'channel'},
            {'name': 'z', 'type': 'space', 'unit': 'micrometer'}, {'name': 'y', 'type': 'space', 'unit': 'micrometer'},
            {'name': 'x', 'type': 'space', 'unit': 'nanometer'}]


def multiscales(version):
    return [{'version': version, 'name': 'cells', 'axes': ngff_axes(version), 'datasets': [
        {'path': '0', 'coordinateTransformations': [{'type': 'scale', 'scale': [2.5, 1, 1.5, 0.5, 500]}]},
        {'path': '1', 'coordinateTransformations': [{'type': 'scale', 'scale': [2.5, 1, 1.5, 1.0, 1000]}]}]}]


def omero():
    return {'channels': [{'label': 'DAPI'}, {'label': 'GFP'}]}


def write_v2(base, levels, compressor, attrs):
    """An OME-Zarr image on Zarr v2 with python3-zarr: levels is [(array, chunks), ...] stored as '0', '1', ..."""
    root = zarr.open_group(base, mode='w')
    for k, (arr, chunk) in enumerate(levels):
        root.create_dataset(str(k), data=arr, chunks=chunk, compressor=compressor, dimension_separator='/')
    root.attrs.update(attrs)


def zarr_v2(out, name, compressor):
    data = stack('TCZYX', dict(T=2, C=2, Z=3))
    write_v2(f'{out}/{name}', [(data, (1, 1, 1, 5, 7)), (data[..., ::2, ::2], (1, 1, 1, 6, 8))], compressor,
             {'multiscales': multiscales('0.4'), 'omero': omero()})


def write_v3(base, levels, ome, dimension_names, level=3):
    """An OME-Zarr image on Zarr v3 by hand (python3-zarr 2.13 writes v2 only): zarr.json documents, chunk keys
    c/i/j/..., codecs bytes (little endian) + zstd; edge chunks stored whole, padded with the fill value 0."""
    os.makedirs(base, exist_ok=True)
    with open(f'{base}/zarr.json', 'w') as f:
        json.dump({'zarr_format': 3, 'node_type': 'group', 'attributes': {'ome': ome}}, f)
    codec = numcodecs.Zstd(level=level)
    for k, (arr, chunk) in enumerate(levels):
        os.makedirs(f'{base}/{k}', exist_ok=True)
        with open(f'{base}/{k}/zarr.json', 'w') as f:
            json.dump({'zarr_format': 3, 'node_type': 'array', 'shape': list(arr.shape), 'data_type': str(arr.dtype),
                       'chunk_grid': {'name': 'regular', 'configuration': {'chunk_shape': list(chunk)}},
                       'chunk_key_encoding': {'name': 'default', 'configuration': {'separator': '/'}},
                       'fill_value': 0, 'dimension_names': dimension_names,
                       'codecs': [{'name': 'bytes', 'configuration': {'endian': 'little'}},
                                  {'name': 'zstd', 'configuration': {'level': level, 'checksum': False}}]}, f)
        grid = [-(-n // c) for n, c in zip(arr.shape, chunk)]
        for idx in np.ndindex(*grid):
            block = np.zeros(chunk, arr.dtype)
            part = arr[tuple(slice(i * c, min((i + 1) * c, n)) for i, c, n in zip(idx, chunk, arr.shape))]
            block[tuple(slice(0, p) for p in part.shape)] = part
            path = f'{base}/{k}/c/' + '/'.join(map(str, idx))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'wb') as f:
                f.write(codec.encode(block.astype(arr.dtype.newbyteorder('<')).tobytes()))


def zarr_v3(out, name):
    data = stack('TCZYX', dict(T=2, C=2, Z=3))
    write_v3(f'{out}/{name}', [(data, (1, 1, 1, 5, 7)), (data[..., ::2, ::2], (1, 1, 1, 6, 8))],
             {'version': '0.5', 'multiscales': multiscales('0.5'), 'omero': omero()}, ['t', 'c', 'z', 'y', 'x'])


def plate(out):
    """An HCS plate: wells A/1 and B/2, one field each (a 2-channel image of one time point and one slice)."""
    root = zarr.open_group(f'{out}/plate.zarr', mode='w')
    root.attrs['plate'] = {'version': '0.4', 'name': 'p', 'columns': [{'name': '1'}, {'name': '2'}], 'rows': [{'name': 'A'}, {'name': 'B'}],
                           'wells': [{'path': 'A/1', 'rowIndex': 0, 'columnIndex': 0}, {'path': 'B/2', 'rowIndex': 1, 'columnIndex': 1}],
                           'field_count': 1}
    for s, well in enumerate(['A/1', 'B/2']):
        w = root.require_group(well)
        w.attrs['well'] = {'version': '0.4', 'images': [{'path': '0'}]}
        img = w.require_group('0')
        img.create_dataset('0', data=stack('CYX', dict(C=2), s=s), chunks=(1, H, W), compressor=numcodecs.Blosc(cname='lz4', shuffle=1))
        img.attrs['multiscales'] = [{'version': '0.4', 'axes': [{'name': 'c', 'type': 'channel'}, {'name': 'y', 'type': 'space', 'unit': 'micrometer'},
                                                                  {'name': 'x', 'type': 'space', 'unit': 'micrometer'}],
                                      'datasets': [{'path': '0', 'coordinateTransformations': [{'type': 'scale', 'scale': [1, 0.3, 0.3]}]}]}]


def main(out):
    os.makedirs(out, exist_ok=True)
    imagej(out)
    ome(out)
    ome_set(out)
    colour(out)
    bad(out)
    zarr_v2(out, 'v2_blosc.zarr', numcodecs.Blosc(cname='zstd', clevel=5, shuffle=numcodecs.Blosc.BITSHUFFLE))
    zarr_v2(out, 'v2_blosc_lz4.zarr', numcodecs.Blosc(cname='lz4', clevel=5, shuffle=numcodecs.Blosc.SHUFFLE))
    zarr_v2(out, 'v2_zlib.zarr', numcodecs.Zlib(level=5))
    zarr_v2(out, 'v2_gzip.zarr', numcodecs.GZip(level=5))
    zarr_v2(out, 'v2_raw.zarr', None)
    zarr_v3(out, 'v3_zstd.zarr')
    plate(out)


if __name__ == '__main__':
    main(sys.argv[1])

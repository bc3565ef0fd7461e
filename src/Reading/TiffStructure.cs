using System.Buffers.Binary;
using System.Text;
using CellActors.Imaging;

namespace CellActors.Reading;

/// <summary>
/// A minimal walker over the TIFF header and IFD chain of a seekable stream (classic TIFF and BigTIFF,
/// little and big endian). It reads directories only, never pixel data, so it is cheap enough to run for
/// every file during discovery and before every decode. Structural problems raise
/// <see cref="BadInputException"/> with <c>empty_file</c>, <c>truncated</c>, <c>not_an_image</c> or <c>corrupt</c>.
/// </summary>
internal sealed class TiffStructure
{
    /// <summary>Upper bound on pages walked, as a guard against absurd or looping chains.</summary>
    public const int MaxPages = 1_000_000;

    private readonly Stream _s;
    private readonly string _uri;
    private readonly bool _le;
    private readonly bool _big;
    private readonly long _length;
    private readonly long _firstIfd;
    private readonly byte[] _buf = new byte[16];
    private TiffDirectoryIndex? _index;

    private TiffStructure(Stream s, string uri, bool le, bool big, long length, long firstIfd)
    {
        _s = s;
        _uri = uri;
        _le = le;
        _big = big;
        _length = length;
        _firstIfd = firstIfd;
    }

    /// <summary>True for BigTIFF (64-bit offsets).</summary>
    public bool IsBigTiff => _big;

    /// <summary>File starts with a TIFF byte-order mark and magic number (classic or BigTIFF).</summary>
    public static bool HasTiffMagic(ReadOnlySpan<byte> head) =>
        head.Length >= 4 &&
        ((head[0] == (byte)'I' && head[1] == (byte)'I' && (head[2] == 42 || head[2] == 43) && head[3] == 0) ||
         (head[0] == (byte)'M' && head[1] == (byte)'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43)));

    /// <summary>Parses the header. Throws <see cref="BadInputException"/> when it is not a usable TIFF header.</summary>
    /// <param name="s">A seekable stream over the file.</param>
    /// <param name="uri">The file, for messages.</param>
    /// <param name="index">Directory offsets already known for this version of the file (remote files: every hop along the
    /// chain is a request, so offsets learnt once are reused); null to walk the chain every time (local files).</param>
    public static TiffStructure Open(Stream s, string uri, TiffDirectoryIndex? index = null)
    {
        long length = s.Length;
        if (length == 0) throw new BadInputException(uri, 0, "empty_file", "file is empty (0 bytes)");
        Span<byte> head = stackalloc byte[16];
        s.Position = 0;
        int n = ReadUpTo(s, head);
        if (n < 4 || !HasTiffMagic(head))
        {
            if (n >= 2 && ((head[0] == 'I' && head[1] == 'I') || (head[0] == 'M' && head[1] == 'M')) && n < 4)
                throw new BadInputException(uri, 0, "truncated", $"file ends inside the TIFF header ({length} bytes)");
            throw new BadInputException(uri, 0, "not_an_image",
                $"not a TIFF file (starts with {Convert.ToHexString(head[..Math.Min(n, 4)])})");
        }
        bool le = head[0] == (byte)'I';
        int version = le ? BinaryPrimitives.ReadUInt16LittleEndian(head[2..]) : BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
        bool big = version == 43;
        int headerSize = big ? 16 : 8;
        if (n < headerSize)
            throw new BadInputException(uri, 0, "truncated", $"file ends inside the TIFF header ({length} bytes)");
        long first;
        if (big)
        {
            int offSize = le ? BinaryPrimitives.ReadUInt16LittleEndian(head[4..]) : BinaryPrimitives.ReadUInt16BigEndian(head[4..]);
            if (offSize != 8) throw new BadInputException(uri, 0, "corrupt", $"BigTIFF header declares offset size {offSize} (expected 8)");
            ulong f = le ? BinaryPrimitives.ReadUInt64LittleEndian(head[8..]) : BinaryPrimitives.ReadUInt64BigEndian(head[8..]);
            first = f > long.MaxValue ? long.MaxValue : (long)f;
        }
        else
        {
            first = le ? BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) : BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
        }
        var t = new TiffStructure(s, uri, le, big, length, first);
        t.CheckIfdOffset(first, 0);
        if (index is not null && index.Matches(first)) t._index = index;
        return t;
    }

    /// <summary>Counts pages by walking the IFD chain (entry counts and next pointers only).</summary>
    public int CountPages()
    {
        int pages = 0;
        long off = _firstIfd;
        var seen = new HashSet<long>();
        while (off != 0)
        {
            CheckIfdOffset(off, pages);
            if (!seen.Add(off)) throw new BadInputException(_uri, pages, "corrupt", $"image directory chain loops back to offset {off}");
            if (pages >= MaxPages) throw new BadInputException(_uri, pages, "corrupt", $"more than {MaxPages} image directories");
            _index?.Record(pages, off);
            off = NextIfd(off, pages);
            pages++;
        }
        return pages;
    }

    /// <summary>Offset of the directory of <paramref name="page"/>; throws when the file has fewer pages.</summary>
    public long FindPage(int page)
    {
        if (page < 0) throw new ArgumentOutOfRangeException(nameof(page));
        long off = _firstIfd;
        int from = 0;
        if (_index is not null && _index.TryNearest(page, out int known, out long knownOff))
        {
            from = known;
            off = knownOff;
        }
        var seen = new HashSet<long>();
        for (int i = from; i < page; i++)
        {
            CheckIfdOffset(off, i);
            _index?.Record(i, off);
            if (!seen.Add(off)) throw new BadInputException(_uri, i, "corrupt", $"image directory chain loops back to offset {off}");
            off = NextIfd(off, i);
            if (off == 0)
                throw new BadInputException(_uri, page, "unreadable", $"page {page} requested but the file has only {i + 1} page(s)");
        }
        CheckIfdOffset(off, page);
        _index?.Record(page, off);
        return off;
    }

    /// <summary>Reads the tags of the directory at <paramref name="ifd"/> that describe shape, type and data extent.</summary>
    public TiffPageInfo ReadPage(long ifd, int page, bool wantDescription)
    {
        int entrySize = _big ? 20 : 12;
        long count = ReadEntryCount(ifd, page);
        long entriesStart = ifd + (_big ? 8 : 2);
        long entriesLen = count * entrySize;
        if (entriesStart + entriesLen > _length)
            throw new BadInputException(_uri, page, "truncated", $"image directory at offset {ifd} runs past the end of the file ({_length} bytes)");
        var entries = new byte[entriesLen];
        ReadAt(entriesStart, entries, page);
        if (_index is not null && entriesStart + entriesLen + (_big ? 8 : 4) <= _length)
        {
            // The next directory's offset follows the entries (same ranged read): remember it, so the next page needs no hop.
            ReadAt(entriesStart + entriesLen, _buf.AsSpan(0, _big ? 8 : 4), page);
            long next = _big ? (long)Math.Min(U64(_buf), long.MaxValue) : U32(_buf);
            if (next >= (_big ? 16 : 8) && next + (_big ? 8 : 2) <= _length) _index.Record(page + 1, next);
        }

        int width = -1, height = -1, bps = 1, spp = 1, sampleFormat = 1, photometric = -1, compression = 1, planar = 1, resolutionUnit = 2;
        double? xRes = null, yRes = null;
        long[]? offsets = null, counts = null, subIfds = null;
        bool tiled = false;
        string? description = null;
        for (int i = 0; i < count; i++)
        {
            var e = entries.AsSpan(i * entrySize, entrySize);
            int tag = U16(e);
            int type = U16(e[2..]);
            long n = _big ? (long)Math.Min(U64(e[4..]), long.MaxValue) : U32(e[4..]);
            var valueField = _big ? e[12..20] : e[8..12];
            switch (tag)
            {
                case 256: width = (int)Math.Min(FirstInt(type, n, valueField, page), int.MaxValue); break;
                case 257: height = (int)Math.Min(FirstInt(type, n, valueField, page), int.MaxValue); break;
                case 258: bps = (int)FirstInt(type, n, valueField, page); break;
                case 259: compression = (int)FirstInt(type, n, valueField, page); break;
                case 262: photometric = (int)FirstInt(type, n, valueField, page); break;
                case 277: spp = (int)FirstInt(type, n, valueField, page); break;
                case 339: sampleFormat = (int)FirstInt(type, n, valueField, page); break;
                case 284: planar = (int)FirstInt(type, n, valueField, page); break;
                case 282 when type == 5 && n == 1: xRes = Rational(valueField, page); break;
                case 283 when type == 5 && n == 1: yRes = Rational(valueField, page); break;
                case 296: resolutionUnit = (int)FirstInt(type, n, valueField, page); break;
                case 330 when type is 4 or 13 or 16 or 18 && n is > 0 and < 64: subIfds = IntArray(type, n, valueField, page); break;
                case 273: offsets = IntArray(type, n, valueField, page); break;
                case 279: counts = IntArray(type, n, valueField, page); break;
                case 324: offsets = IntArray(type, n, valueField, page); tiled = true; break;
                case 325: counts = IntArray(type, n, valueField, page); tiled = true; break;
                case 270 when wantDescription && type == 2 && n > 0 && n < 16 * 1024 * 1024:
                    description = Ascii(n, valueField, page); break;
            }
        }
        if (width <= 0 || height <= 0)
            throw new BadInputException(_uri, page, "corrupt", $"image directory has no valid width/height ({width}x{height})");
        if (offsets is null || offsets.Length == 0)
            throw new BadInputException(_uri, page, "corrupt", "image directory has no strip or tile offsets");
        long end = 0;
        if (counts is not null)
        {
            for (int i = 0; i < Math.Min(offsets.Length, counts.Length); i++)
                end = Math.Max(end, offsets[i] + counts[i]);
        }
        else
        {
            foreach (long o in offsets) end = Math.Max(end, o);
        }
        return new TiffPageInfo(width, height, bps, spp, sampleFormat, photometric, compression, tiled, end, description, planar, subIfds, xRes, yRes, resolutionUnit);
    }

    /// <summary>
    /// Builds a standalone single-page TIFF in memory holding only the directory at <paramref name="ifd"/> and its
    /// strips/tiles (same byte order and flavour, strip/tile offsets rewritten, pointers to sub-directories dropped),
    /// so that a fast native decoder can decode exactly one page of a multi-page file without touching the others.
    /// Returns null when the page cannot be rebuilt this way (the caller then uses another decoder).
    /// </summary>
    public byte[]? ExtractPage(long ifd, int page)
    {
        int entrySize = _big ? 20 : 12;
        int inlineSize = _big ? 8 : 4;
        long count = ReadEntryCount(ifd, page);
        long entriesStart = ifd + (_big ? 8 : 2);
        if (entriesStart + count * entrySize > _length || count > 4096) return null;
        var entries = new byte[count * entrySize];
        ReadAt(entriesStart, entries, page);

        long[]? offsets = null, counts = null;
        int offsetsTag = 0;
        var kept = new List<int>();
        for (int i = 0; i < count; i++)
        {
            var e = entries.AsSpan(i * entrySize, entrySize);
            int tag = U16(e);
            int type = U16(e[2..]);
            long n = _big ? (long)Math.Min(U64(e[4..]), long.MaxValue) : U32(e[4..]);
            var vf = _big ? e[12..20] : e[8..12];
            if (tag is 330 or 34665 or 34853 or 40965) continue;
            if (tag is 273 or 324) { offsets = IntArray(type, n, vf, page); offsetsTag = tag; }
            if (tag is 279 or 325) counts = IntArray(type, n, vf, page);
            kept.Add(i);
        }
        if (offsets is null || counts is null || offsets.Length != counts.Length) return null;

        long dataTotal = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            if (counts[i] < 0 || offsets[i] < 0 || offsets[i] + counts[i] > _length) return null;
            dataTotal += counts[i];
        }

        int headerSize = _big ? 16 : 8;
        long ifdSize = (_big ? 8 : 2) + (long)kept.Count * entrySize + (_big ? 8 : 4);
        // Out-of-line values: sizes first, to lay the file out.
        long blobs = 0;
        var blobSizes = new long[kept.Count];
        for (int k = 0; k < kept.Count; k++)
        {
            var e = entries.AsSpan(kept[k] * entrySize, entrySize);
            int tag = U16(e);
            int type = U16(e[2..]);
            long n = _big ? (long)Math.Min(U64(e[4..]), long.MaxValue) : U32(e[4..]);
            long size = tag == offsetsTag ? n * (_big ? 8 : 4) : n * Math.Max(1, TypeSize(type));
            if (TypeSize(type) == 0 && tag != offsetsTag) return null;
            blobSizes[k] = size > inlineSize ? (size + 1) & ~1L : 0;
            blobs += blobSizes[k];
        }
        long total = headerSize + ifdSize + blobs + dataTotal;
        if (total > int.MaxValue) return null;
        var outBuf = new byte[total];
        var o = outBuf.AsSpan();
        // Header: copy byte order and magic, point to the directory right after it.
        o[0] = _le ? (byte)'I' : (byte)'M';
        o[1] = o[0];
        W16(o[2..], (ushort)(_big ? 43 : 42));
        if (_big) { W16(o[4..], 8); W16(o[6..], 0); W64(o[8..], (ulong)headerSize); }
        else W32(o[4..], (uint)headerSize);

        long dir = headerSize;
        if (_big) W64(o[(int)dir..], (ulong)kept.Count); else W16(o[(int)dir..], (ushort)kept.Count);
        long blobPos = headerSize + ifdSize;
        long dataPos = blobPos + blobs;
        for (int k = 0; k < kept.Count; k++)
        {
            var e = entries.AsSpan(kept[k] * entrySize, entrySize);
            var dst = o.Slice((int)(dir + (_big ? 8 : 2) + (long)k * entrySize), entrySize);
            e.CopyTo(dst);
            int tag = U16(e);
            int type = U16(e[2..]);
            long n = _big ? (long)Math.Min(U64(e[4..]), long.MaxValue) : U32(e[4..]);
            var srcVf = _big ? e[12..20] : e[8..12];
            var dstVf = _big ? dst[12..20] : dst[8..12];
            Span<byte> value;
            if (tag == offsetsTag)
            {
                W16(dst[2..], (ushort)(_big ? 16 : 4));
                value = blobSizes[k] > 0 ? o.Slice((int)blobPos, (int)(n * (_big ? 8 : 4))) : dstVf;
                value.Clear();
                long p = dataPos;
                for (int i = 0; i < n; i++)
                {
                    if (_big) W64(value[(i * 8)..], (ulong)p); else W32(value[(i * 4)..], (uint)p);
                    p += counts[i];
                }
            }
            else if (blobSizes[k] > 0)
            {
                long srcOff = _big ? (long)Math.Min(U64(srcVf), long.MaxValue) : U32(srcVf);
                long size = n * TypeSize(type);
                if (srcOff < 0 || srcOff + size > _length) return null;
                ReadAt(srcOff, o.Slice((int)blobPos, (int)size), page);
            }
            if (blobSizes[k] > 0)
            {
                dstVf.Clear();
                if (_big) W64(dstVf, (ulong)blobPos); else W32(dstVf, (uint)blobPos);
                blobPos += blobSizes[k];
            }
        }
        // next-IFD pointer stays 0 (buffer is zeroed).

        // Pixel data: one read when the strips/tiles are laid out back to back, else one read each.
        bool contiguous = true;
        for (int i = 1; i < offsets.Length && contiguous; i++) contiguous = offsets[i] == offsets[i - 1] + counts[i - 1];
        if (contiguous) ReadAt(offsets[0], o.Slice((int)dataPos, (int)dataTotal), page);
        else
        {
            long p = dataPos;
            for (int i = 0; i < offsets.Length; i++)
            {
                ReadAt(offsets[i], o.Slice((int)p, (int)counts[i]), page);
                p += counts[i];
            }
        }
        return outBuf;
    }

    private void W16(Span<byte> b, ushort v) { if (_le) BinaryPrimitives.WriteUInt16LittleEndian(b, v); else BinaryPrimitives.WriteUInt16BigEndian(b, v); }
    private void W32(Span<byte> b, uint v) { if (_le) BinaryPrimitives.WriteUInt32LittleEndian(b, v); else BinaryPrimitives.WriteUInt32BigEndian(b, v); }
    private void W64(Span<byte> b, ulong v) { if (_le) BinaryPrimitives.WriteUInt64LittleEndian(b, v); else BinaryPrimitives.WriteUInt64BigEndian(b, v); }

    private void CheckIfdOffset(long off, int page)
    {
        if (off == 0) throw new BadInputException(_uri, page, "corrupt", "TIFF header points to no image directory");
        if (off < (_big ? 16 : 8) || off == long.MaxValue)
            throw new BadInputException(_uri, page, "corrupt", $"image directory offset {off} is invalid");
        if (off + (_big ? 8 : 2) > _length)
            throw new BadInputException(_uri, page, "truncated",
                $"image directory at offset {off} lies beyond the end of the file ({_length} bytes)");
    }

    private long ReadEntryCount(long ifd, int page)
    {
        ReadAt(ifd, _buf.AsSpan(0, _big ? 8 : 2), page);
        long count = _big ? (long)Math.Min(U64(_buf), long.MaxValue) : U16(_buf);
        if (count == 0) throw new BadInputException(_uri, page, "corrupt", $"image directory at offset {ifd} has no entries");
        return count;
    }

    private long NextIfd(long ifd, int page)
    {
        long count = ReadEntryCount(ifd, page);
        long pos = ifd + (_big ? 8 : 2) + count * (_big ? 20 : 12);
        int size = _big ? 8 : 4;
        if (pos + size > _length)
            throw new BadInputException(_uri, page, "truncated", $"image directory at offset {ifd} runs past the end of the file ({_length} bytes)");
        ReadAt(pos, _buf.AsSpan(0, size), page);
        return _big ? (long)Math.Min(U64(_buf), long.MaxValue) : U32(_buf);
    }

    private static int TypeSize(int type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 or 16 or 17 or 18 => 8,
        _ => 0,
    };

    private long FirstInt(int type, long n, ReadOnlySpan<byte> valueField, int page)
    {
        if (n < 1) throw new BadInputException(_uri, page, "corrupt", "TIFF tag with no value");
        var arr = IntArray(type, Math.Min(n, 1), valueField, page, inlineCountHint: n);
        return arr[0];
    }

    private long[] IntArray(int type, long n, ReadOnlySpan<byte> valueField, int page, long inlineCountHint = -1)
    {
        int size = TypeSize(type);
        if (size == 0 || type is 2 or 5 or 10 or 11 or 12)
            throw new BadInputException(_uri, page, "corrupt", $"TIFF tag has non-integer type {type}");
        if (n > 64 * 1024 * 1024) throw new BadInputException(_uri, page, "corrupt", $"TIFF tag claims {n} values");
        long total = (inlineCountHint >= 0 ? inlineCountHint : n) * size;
        byte[] data;
        if (total <= (_big ? 8 : 4))
        {
            data = valueField.ToArray();
        }
        else
        {
            long off = _big ? (long)Math.Min(U64(valueField), long.MaxValue) : U32(valueField);
            long need = n * size;
            if (off + need > _length)
                throw new BadInputException(_uri, page, "truncated", $"TIFF tag values at offset {off} lie beyond the end of the file ({_length} bytes)");
            data = new byte[need];
            ReadAt(off, data, page);
        }
        var result = new long[n];
        for (int i = 0; i < n; i++)
        {
            var v = data.AsSpan(i * size, size);
            result[i] = type switch
            {
                1 or 7 => v[0],
                6 => (sbyte)v[0],
                3 => U16(v),
                8 => (short)U16(v),
                4 or 13 => U32(v),
                9 => (int)U32(v),
                _ => (long)Math.Min(U64(v), long.MaxValue),
            };
        }
        return result;
    }

    /// <summary>One unsigned RATIONAL (numerator / denominator); null when the denominator is 0.</summary>
    private double? Rational(ReadOnlySpan<byte> valueField, int page)
    {
        Span<byte> v = stackalloc byte[8];
        if (_big) valueField[..8].CopyTo(v);
        else
        {
            long off = U32(valueField);
            if (off + 8 > _length)
                throw new BadInputException(_uri, page, "truncated", $"TIFF rational at offset {off} lies beyond the end of the file ({_length} bytes)");
            ReadAt(off, v, page);
        }
        uint num = U32(v), den = U32(v[4..]);
        return den == 0 ? null : (double)num / den;
    }

    private string Ascii(long n, ReadOnlySpan<byte> valueField, int page)
    {
        byte[] data;
        if (n <= (_big ? 8 : 4)) data = valueField[..(int)n].ToArray();
        else
        {
            long off = _big ? (long)Math.Min(U64(valueField), long.MaxValue) : U32(valueField);
            if (off + n > _length)
                throw new BadInputException(_uri, page, "truncated", $"TIFF text at offset {off} lies beyond the end of the file ({_length} bytes)");
            data = new byte[n];
            ReadAt(off, data, page);
        }
        // OME-XML is UTF-8 (µm); older writers used Latin-1: strict UTF-8 first, Latin-1 when the bytes are not UTF-8.
        try
        {
            return StrictUtf8.GetString(data).TrimEnd('\0');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(data).TrimEnd('\0');
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private void ReadAt(long pos, Span<byte> dst, int page)
    {
        _s.Position = pos;
        if (ReadUpTo(_s, dst) < dst.Length)
            throw new BadInputException(_uri, page, "truncated", $"file ends at byte {_length} while reading TIFF structure at offset {pos}");
    }

    private static int ReadUpTo(Stream s, Span<byte> dst) => s.ReadAtLeast(dst, dst.Length, throwOnEndOfStream: false);

    private ushort U16(ReadOnlySpan<byte> b) => _le ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
    private uint U32(ReadOnlySpan<byte> b) => _le ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
    private ulong U64(ReadOnlySpan<byte> b) => _le ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b);
}

using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CellActors.Imaging;
using CellActors.Storage;
using OpenCvSharp;

namespace CellActors.Reading;

/// <summary>
/// One Zarr array (v2: <c>.zarray</c>; v3: <c>zarr.json</c> with <c>node_type</c> array) whose last two dimensions are y
/// and x, read one 2D plane at a time: exactly the chunks that plane lies in are fetched (missing chunks are the fill
/// value) through <see cref="IFileStorage"/>, locally or over WebHDFS. Types uint8, uint16 and float32 (either byte
/// order), C order; compressors/codecs blosc, zstd, zlib, gzip or none (v3: <c>bytes</c> then at most one of those;
/// <c>transpose</c>, sharding and filters are refused as <c>unsupported_type</c>). A plane's index is its position among
/// the array's leading (non-yx) positions in row-major order.
/// </summary>
public sealed class ZarrArray
{
    private static readonly ConcurrentDictionary<string, ZarrArray> Known = new(StringComparer.Ordinal);

    private readonly IFileStorage _storage;
    private readonly string _compressor;
    private readonly bool _bigEndian;
    private readonly double _fill;
    private readonly bool _v3;
    private readonly string _separator;

    private ZarrArray(IFileStorage storage, string location, long[] shape, int[] chunks, MatType type, int itemSize, bool bigEndian, double fill, string compressor, bool v3, string separator)
    {
        _storage = storage;
        Location = location;
        Shape = shape;
        Chunks = chunks;
        Type = type;
        ItemSize = itemSize;
        _bigEndian = bigEndian;
        _fill = fill;
        _compressor = compressor;
        _v3 = v3;
        _separator = separator;
    }

    /// <summary>The array's folder.</summary>
    public string Location { get; }

    /// <summary>Its shape, slowest dimension first (the last two are y and x).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Its chunk shape.</summary>
    public IReadOnlyList<int> Chunks { get; }

    /// <summary>The OpenCV type of a plane.</summary>
    public MatType Type { get; }

    /// <summary>Bytes per value.</summary>
    public int ItemSize { get; }

    /// <summary>Planes: the product of the leading dimensions.</summary>
    public long Planes => Shape.Take(Shape.Count - 2).Aggregate(1L, (a, b) => a * b);

    /// <summary>Chunk files read by this process (for tests and benchmarks: a plane reads only its chunks).</summary>
    public static long ChunksRead => Interlocked.Read(ref _chunksRead);

    private static long _chunksRead;

    /// <summary>The array at <paramref name="location"/> (metadata read once per process and location).</summary>
    /// <exception cref="BadInputException">no array there, or one that cannot be read.</exception>
    public static ZarrArray Open(string location)
    {
        if (Known.TryGetValue(location, out var a)) return a;
        a = Read(Storages.For(location), location);
        if (Known.Count > 10_000) Known.Clear();
        return Known.GetOrAdd(location, a);
    }

    private static ZarrArray Read(IFileStorage storage, string location)
    {
        var v2 = ZarrJson.TryRead(storage, storage.Combine(location, ".zarray"), location);
        if (v2 is { } m2) return FromV2(storage, location, m2);
        var v3 = ZarrJson.TryRead(storage, storage.Combine(location, "zarr.json"), location)
            ?? throw new BadInputException(location, 0, "unreadable", "no Zarr array here (neither .zarray nor zarr.json)");
        return FromV3(storage, location, v3);
    }

    private static ZarrArray FromV2(IFileStorage storage, string location, JsonElement m)
    {
        var (shape, chunks) = (Longs(m, "shape", location), Longs(m, "chunks", location).Select(c => (int)c).ToArray());
        string dtype = m.TryGetProperty("dtype", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
        if (m.TryGetProperty("order", out var order) && order.GetString() != "C")
            throw new BadInputException(location, 0, "unsupported_type", $"Zarr array in order '{order}' (only C order is read)");
        if (m.TryGetProperty("filters", out var filters) && filters.ValueKind == JsonValueKind.Array && filters.GetArrayLength() > 0)
            throw new BadInputException(location, 0, "unsupported_type", $"Zarr array with filters {filters} (none are read)");
        string compressor = "none";
        if (m.TryGetProperty("compressor", out var c) && c.ValueKind == JsonValueKind.Object)
            compressor = c.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "";
        string separator = m.TryGetProperty("dimension_separator", out var sep) && sep.ValueKind == JsonValueKind.String ? sep.GetString()! : ".";
        bool big = dtype.StartsWith('>');
        var (type, size) = Dtype(dtype.TrimStart('<', '>', '|'), location);
        return Check(new ZarrArray(storage, location, shape, chunks, type, size, big, Fill(m, location), Codec(compressor, location), v3: false, separator));
    }

    private static ZarrArray FromV3(IFileStorage storage, string location, JsonElement m)
    {
        if (!m.TryGetProperty("node_type", out var nt) || nt.GetString() != "array")
            throw new BadInputException(location, 0, "unreadable", "zarr.json here is not an array");
        var shape = Longs(m, "shape", location);
        var grid = m.GetProperty("chunk_grid");
        if (grid.GetProperty("name").GetString() != "regular")
            throw new BadInputException(location, 0, "unsupported_type", $"Zarr chunk grid '{grid.GetProperty("name")}' (only regular grids are read)");
        var chunks = Longs(grid.GetProperty("configuration"), "chunk_shape", location).Select(x => (int)x).ToArray();
        string separator = "/";
        bool v2Keys = false;
        if (m.TryGetProperty("chunk_key_encoding", out var keys))
        {
            v2Keys = keys.GetProperty("name").GetString() == "v2";
            separator = keys.TryGetProperty("configuration", out var kc) && kc.TryGetProperty("separator", out var s) ? s.GetString()! : v2Keys ? "." : "/";
        }
        bool big = false;
        string compressor = "none";
        foreach (var codec in m.GetProperty("codecs").EnumerateArray())
        {
            string name = codec.GetProperty("name").GetString() ?? "";
            if (name == "bytes")
                big = codec.TryGetProperty("configuration", out var bc) && bc.TryGetProperty("endian", out var e) && e.GetString() == "big";
            else if (compressor == "none" && name is "zstd" or "blosc" or "gzip" or "zlib") compressor = name;
            else throw new BadInputException(location, 0, "unsupported_type", $"Zarr codec '{name}' (read: bytes, then one of blosc, zstd, gzip, zlib)");
        }
        var (type, size) = Dtype(m.GetProperty("data_type").GetString() switch
        {
            "uint8" => "u1",
            "uint16" => "u2",
            "float32" => "f4",
            var other => other ?? "",
        }, location);
        return Check(new ZarrArray(storage, location, shape, chunks, type, size, big, Fill(m, location), Codec(compressor, location), v3: !v2Keys, separator));
    }

    private static ZarrArray Check(ZarrArray a)
    {
        if (a.Shape.Count < 2 || a.Shape.Count != a.Chunks.Count || a.Chunks.Any(c => c < 1) || a.Shape.Any(s => s < 1))
            throw new BadInputException(a.Location, 0, "corrupt", $"Zarr array shape [{string.Join(", ", a.Shape)}] and chunks [{string.Join(", ", a.Chunks)}] do not fit");
        if (a.Shape[^1] > int.MaxValue / 4 || a.Shape[^2] > int.MaxValue / 4 || (long)a.Chunks.Aggregate(1L, (x, y) => x * y) * a.ItemSize > int.MaxValue)
            throw new BadInputException(a.Location, 0, "unsupported_shape", "Zarr array planes or chunks are too large");
        return a;
    }

    private static string Codec(string name, string location) => name switch
    {
        "blosc" or "zstd" or "zlib" or "gzip" or "none" => name,
        _ => throw new BadInputException(location, 0, "unsupported_type", $"Zarr compressor '{name}' (read: blosc, zstd, zlib, gzip, none)"),
    };

    private static (MatType, int) Dtype(string dtype, string location) => dtype switch
    {
        "u1" => (MatType.CV_8UC1, 1),
        "u2" => (MatType.CV_16UC1, 2),
        "f4" => (MatType.CV_32FC1, 4),
        _ => throw new BadInputException(location, 0, "unsupported_type", $"Zarr data type '{dtype}' (supported: uint8, uint16, float32)"),
    };

    private static double Fill(JsonElement m, string location)
    {
        if (!m.TryGetProperty("fill_value", out var f) || f.ValueKind == JsonValueKind.Null) return 0;
        if (f.ValueKind == JsonValueKind.Number) return f.GetDouble();
        if (f.ValueKind == JsonValueKind.String && f.GetString() == "NaN")
            throw new BadInputException(location, 0, "nan_values", "Zarr array's fill value is NaN (missing chunks would be NaN)");
        return 0;
    }

    private static long[] Longs(JsonElement m, string name, string location)
    {
        if (!m.TryGetProperty(name, out var a) || a.ValueKind != JsonValueKind.Array)
            throw new BadInputException(location, 0, "corrupt", $"Zarr array metadata has no '{name}' list");
        return a.EnumerateArray().Select(v => v.GetInt64()).ToArray();
    }

    /// <summary>Reads plane <paramref name="page"/> (row-major over the leading dimensions) as a single-channel Mat.</summary>
    /// <exception cref="BadInputException">the plane is out of range, or a chunk is broken.</exception>
    public Mat ReadPlane(int page)
    {
        if (page < 0 || page >= Planes)
            throw new BadInputException(Location, page, "unreadable", $"plane {page} requested but the array has {Planes} planes");
        int nd = Shape.Count;
        var index = new long[nd - 2];
        long rest = page;
        for (int d = nd - 3; d >= 0; d--)
        {
            index[d] = rest % Shape[d];
            rest /= Shape[d];
        }
        int h = (int)Shape[nd - 2], w = (int)Shape[nd - 1];
        int ch = Chunks[nd - 2], cw = Chunks[nd - 1];
        long chunkValues = Chunks.Aggregate(1L, (a, b) => a * b);
        var chunkBytes = new byte[chunkValues * ItemSize];
        // Offset of the plane inside a chunk: the leading indices within their chunks, row-major.
        long within = 0;
        for (int d = 0; d < nd - 2; d++) within = within * Chunks[d] + index[d] % Chunks[d];
        long planeOffset = within * ch * cw * ItemSize;
        var plane = new byte[(long)h * w * ItemSize];
        if (_fill != 0)
        {
            using var filled = new Mat(1, 1, Type, new Scalar(_fill));
            var one = new byte[ItemSize];
            System.Runtime.InteropServices.Marshal.Copy(filled.Data, one, 0, ItemSize);
            for (long i = 0; i < plane.LongLength; i += ItemSize) one.CopyTo(plane, i);
        }
        var key = new long[nd];
        for (int d = 0; d < nd - 2; d++) key[d] = index[d] / Chunks[d];
        for (int cy = 0; cy * ch < h; cy++)
        for (int cx = 0; cx * cw < w; cx++)
        {
            key[nd - 2] = cy;
            key[nd - 1] = cx;
            if (!ReadChunk(key, chunkBytes, page)) continue; // missing: the fill value
            int rows = Math.Min(ch, h - cy * ch), cols = Math.Min(cw, w - cx * cw);
            for (int r = 0; r < rows; r++)
            {
                long from = planeOffset + (long)r * cw * ItemSize;
                long to = ((long)(cy * ch + r) * w + (long)cx * cw) * ItemSize;
                Buffer.BlockCopy(chunkBytes, (int)from, plane, (int)to, cols * ItemSize);
            }
        }
        if (_bigEndian && ItemSize == 2)
        {
            var v = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(plane.AsSpan());
            BinaryPrimitives.ReverseEndianness(v, v);
        }
        else if (_bigEndian && ItemSize == 4)
        {
            var v = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(plane.AsSpan());
            BinaryPrimitives.ReverseEndianness(v, v);
        }
        var mat = new Mat(h, w, Type);
        System.Runtime.InteropServices.Marshal.Copy(plane, 0, mat.Data, plane.Length);
        if (Type == MatType.CV_32FC1 && !Cv2.CheckRange(mat, quiet: true))
        {
            mat.Dispose();
            throw new BadInputException(Location, page, "nan_values", $"float plane ({h}x{w}) contains NaN or infinite values");
        }
        return mat;
    }

    /// <summary>Reads and decompresses one chunk into <paramref name="dest"/>; false when the chunk file does not exist.</summary>
    private bool ReadChunk(long[] key, byte[] dest, int page)
    {
        string name = string.Join(_separator, key.Select(k => k.ToString(CultureInfo.InvariantCulture)));
        if (_v3) name = "c" + _separator + name;
        string file = _storage.Combine(Location, name);
        if (ZarrJson.ReadFile(_storage, file) is not { } data) return false;
        Interlocked.Increment(ref _chunksRead);
        try
        {
            switch (_compressor)
            {
                case "none":
                    if (data.Length != dest.Length) throw new BadInputException(file, page, "truncated", $"uncompressed chunk of {data.Length} bytes, expected {dest.Length}");
                    data.CopyTo(dest, 0);
                    break;
                case "blosc":
                    Blosc.Decompress(data, dest, file, page);
                    break;
                case "zstd":
                {
                    using var z = new ZstdSharp.Decompressor();
                    int n = z.Unwrap(data, dest);
                    if (n != dest.Length) throw new BadInputException(file, page, "corrupt", $"zstd chunk decompresses to {n} bytes, expected {dest.Length}");
                    break;
                }
                default:
                {
                    using var input = new MemoryStream(data);
                    using Stream inflate = _compressor == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new ZLibStream(input, CompressionMode.Decompress);
                    int n = inflate.ReadAtLeast(dest, dest.Length, throwOnEndOfStream: false);
                    if (n != dest.Length) throw new BadInputException(file, page, "truncated", $"{_compressor} chunk decompresses to {n} bytes, expected {dest.Length}");
                    break;
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException or ArgumentException)
        {
            throw new BadInputException(file, page, "corrupt", $"{_compressor} chunk cannot be decompressed: {e.Message}", e);
        }
        return true;
    }
}

namespace CellActors.Storage;

/// <summary>
/// A seekable, read-only stream over a remote file whose every read is a ranged request
/// (<c>read(offset, buffer)</c>): a read of at least <see cref="ReadAhead"/> bytes fetches exactly the bytes asked for;
/// smaller reads (TIFF headers and directories) fetch <see cref="ReadAhead"/> bytes from the position and keep the last
/// few such windows, so walking a directory costs one request, not one per field. Nothing else is fetched, so reading one
/// page of a large multi-page TIFF transfers about that page.
/// </summary>
public sealed class RemoteReadStream : Stream
{
    private const int Windows = 4;
    private readonly Func<long, Memory<byte>, int> _readAt;
    private readonly (long Start, byte[] Data, int Count)[] _windows = new (long, byte[], int)[Windows];
    private int _next;
    private long _position;
    private long _fetched;
    private long _requests;

    /// <summary>Creates the stream.</summary>
    /// <param name="location">The file, for messages.</param>
    /// <param name="length">The file's length (from a listing or a status request).</param>
    /// <param name="modifiedUnixMs">The file's modification time: with the length, it identifies this version of the file.</param>
    /// <param name="readAt">Reads bytes at an offset into a buffer, returning how many (fewer only at the end of the file).</param>
    /// <param name="readAhead">Smallest request.</param>
    public RemoteReadStream(string location, long length, long modifiedUnixMs, Func<long, Memory<byte>, int> readAt, int readAhead)
    {
        Location = location;
        Length = length;
        ModifiedUnixMs = modifiedUnixMs;
        _readAt = readAt;
        ReadAhead = Math.Max(512, readAhead);
    }

    /// <summary>The file.</summary>
    public string Location { get; }

    /// <summary>The file's modification time (ms since the Unix epoch).</summary>
    public long ModifiedUnixMs { get; }

    /// <summary>Smallest request in bytes.</summary>
    public int ReadAhead { get; }

    /// <summary>Bytes fetched so far.</summary>
    public long BytesFetched => _fetched;

    /// <summary>Ranged requests made so far.</summary>
    public long RangeRequests => _requests;

    /// <inheritdoc />
    public override long Length { get; }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => true;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (_position >= Length || buffer.Length == 0) return 0;
        int want = (int)Math.Min(buffer.Length, Length - _position);
        var dst = buffer[..want];
        for (int i = 0; i < Windows; i++)
        {
            var (start, data, count) = _windows[i];
            if (data is not null && _position >= start && _position + want <= start + count)
            {
                data.AsSpan((int)(_position - start), want).CopyTo(dst);
                _position += want;
                return want;
            }
        }
        if (want >= ReadAhead)
        {
            var tmp = new byte[want];
            int n = Fetch(_position, tmp);
            tmp.AsSpan(0, n).CopyTo(dst);
            _position += n;
            return n;
        }
        int size = (int)Math.Min(ReadAhead, Length - _position);
        var window = new byte[size];
        int got = Fetch(_position, window);
        _windows[_next] = (_position, window, got);
        _next = (_next + 1) % Windows;
        int k = Math.Min(got, want);
        window.AsSpan(0, k).CopyTo(dst);
        _position += k;
        return k;
    }

    private int Fetch(long offset, byte[] into)
    {
        int n = _readAt(offset, into);
        _fetched += n;
        _requests++;
        return n;
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        return _position;
    }

    /// <inheritdoc />
    public override void Flush() { }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

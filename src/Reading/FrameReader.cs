using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using CellActors.Imaging;
using CellActors.Storage;
using CellActors.Storage.WebHdfs;
using OpenCvSharp;

namespace CellActors.Reading;

/// <summary>
/// Reads one 2D plane of a TIFF or PNG file as single-channel <see cref="Mat"/>s of <c>CV_8UC1</c>,
/// <c>CV_16UC1</c> or <c>CV_32FC1</c>, values unchanged: one grey channel, or the red, green and blue channels of a
/// colour page (<see cref="ReadChannels"/>).
/// </summary>
/// <remarks>
/// <para>Every read first checks the file's structure cheaply (size, magic number, and for TIFF the target
/// directory's tags and data extent) so that a broken input raises <see cref="BadInputException"/> with a
/// precise <see cref="BadInputException.ErrorType"/>: <c>empty_file</c> (0 bytes), <c>truncated</c> (the file
/// ends inside the header, a directory or the pixel data), <c>not_an_image</c> (neither TIFF nor PNG
/// magic), <c>corrupt</c> (structure or compressed data that cannot be decoded), <c>unsupported_shape</c>
/// (palette images, grey+alpha, more than 4 samples per pixel, several samples that are not RGB), <c>unsupported_type</c>
/// (anything but uint8, uint16 or float32 samples, e.g. 1-bit, int16, int32, float64), <c>nan_values</c>
/// (a float plane holding any NaN or ±Infinity is rejected whole: downstream thresholds and statistics
/// would silently be wrong), <c>unreadable</c> (missing file, I/O error, page out of range).</para>
/// <para>Page 0 of a TIFF, and PNG, are decoded by OpenCV (native libtiff/libpng; OpenCV only decodes the first
/// directory). For a page &gt; 0 only that page's directory and strips/tiles are read from disk and re-assembled
/// in memory as a single-page TIFF that OpenCV decodes natively (about as fast as page 0); should OpenCV refuse it,
/// LibTiff.NET decodes that one directory instead (managed, ~10x slower). Other pages are never decoded.</para>
/// <para><b>HDFS.</b> A <c>webhdfs://</c>, <c>swebhdfs://</c> or <c>hdfs://</c> uri is read through <see cref="IFileStorage"/> with
/// ranged reads: the TIFF header and directories in small requests, then exactly the target page's strips or tiles, re-assembled
/// into a one-page TIFF (page 0 too) and decoded by OpenCV from memory; a remote PNG is fetched whole. Directory offsets learnt
/// along the chain are kept per file version (<see cref="TiffDirectoryIndex"/>), so reading page k after page k-1 costs one hop:
/// reading a multi-page TIFF page by page transfers about one page per frame. A missing file or a refused permission is
/// <c>unreadable</c>; a transient network failure that outlasts the retries is thrown as <see cref="IOException"/> (the batch is
/// retried, nothing is recorded as bad input). Local paths keep using direct file access.</para>
/// <para><b>Colour.</b> RGB and RGBA, 8 and 16 bit, PNG and TIFF (interleaved or separate planes) are read as three
/// channels in red, green, blue order; alpha is dropped (transparency is not a measurement). Colour data whose
/// channels are all equal (greyscale saved as RGB/RGBA with opaque alpha, as in the Data Science Bowl 2018 images) is
/// one grey channel, losslessly. PNG with 1/2/4-bit grey is expanded to 8 bits by libpng.</para>
/// </remarks>
public static class FrameReader
{
    static FrameReader()
    {
        // LibTiff.NET prints to the console by default; errors are turned into exceptions by us instead.
        Tiff.SetErrorHandler(new SilentTiffErrorHandler());
    }

    /// <summary>Reads the plane a discovered frame points to, as one grey plane (see <see cref="ReadPlane"/>).</summary>
    public static Mat Read(FrameLocation frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return ReadPlane(frame.Uri, frame.Page);
    }

    /// <summary>
    /// Reads page <paramref name="page"/> (0-based TIFF directory; 0 for PNG) of <paramref name="uri"/> as one grey plane:
    /// a grey page as it is, a colour page as its <see cref="Luminance"/> (same depth). Use <see cref="ReadChannels"/> for
    /// the colour channels themselves.
    /// </summary>
    /// <exception cref="BadInputException">The file is missing, broken or of an unsupported shape or type.</exception>
    public static Mat ReadPlane(string uri, int page)
    {
        var channels = ReadChannels(uri, page);
        if (!channels.IsColour) return channels.Channels[0]; // the only plane, handed over as it is
        using (channels) return channels.Grey();
    }

    /// <summary>
    /// Reads page <paramref name="page"/> of <paramref name="uri"/> as its grey channels: one for a grey page (and for
    /// colour data whose channels are all equal, with opaque alpha), three (red, green, blue; alpha dropped) for a
    /// colour page.
    /// </summary>
    /// <exception cref="BadInputException">The file is missing, broken or of an unsupported shape or type.</exception>
    public static PageChannels ReadChannels(string uri, int page)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (IsZarrArray(uri)) return new PageChannels([ZarrArray.Open(uri).ReadPlane(page)], isColour: false);
        var (m, bgr) = Decode(uri, page);
        return Finish(m, bgr, uri, page);
    }

    /// <summary>
    /// Reads every channel of a frame: each plane in order (a TIFF page, a PNG, or a plane of an OME-Zarr array), a colour
    /// plane giving three channels. All planes must have one size.
    /// </summary>
    /// <exception cref="BadInputException">A plane is missing, broken or unsupported, or the planes differ in size (<c>metadata_mismatch</c>).</exception>
    public static FrameChannels ReadFrame(IReadOnlyList<PlaneLocation> planes)
    {
        ArgumentNullException.ThrowIfNull(planes);
        if (planes.Count == 0) throw new ArgumentException("a frame has at least one plane", nameof(planes));
        var mats = new List<Mat>(planes.Count);
        var names = new List<string?>(planes.Count);
        bool colourPage = false;
        try
        {
            foreach (var p in planes)
            {
                var page = ReadChannels(p.Uri, p.Page);
                colourPage = planes.Count == 1 && page.IsColour;
                for (int c = 0; c < page.Channels.Count; c++)
                {
                    mats.Add(page.Channels[c]);
                    names.Add(!page.IsColour ? p.Name : p.Name is null ? PageChannels.ColourNames[c] : $"{p.Name}:{PageChannels.ColourNames[c]}");
                }
                var first = mats[0];
                if (mats[^1].Size() != first.Size())
                    throw new AxesMetadataException(p.Uri, AxesMetadataException.Mismatch,
                        $"channel planes of one frame differ in size: {first.Rows}x{first.Cols} ({planes[0].Uri} page {planes[0].Page}) and {mats[^1].Rows}x{mats[^1].Cols} (page {p.Page})");
            }
            return new FrameChannels(mats, names, colourPage);
        }
        catch
        {
            foreach (var m in mats) m.Dispose();
            throw;
        }
    }

    /// <summary>True for the location of an OME-Zarr array (a folder: no .tif, .tiff or .png extension), whose planes are read chunk by chunk.</summary>
    public static bool IsZarrArray(string uri)
    {
        string ext = Path.GetExtension(uri);
        return !(ext.Equals(".tif", StringComparison.OrdinalIgnoreCase) || ext.Equals(".tiff", StringComparison.OrdinalIgnoreCase) || ext.Equals(".png", StringComparison.OrdinalIgnoreCase))
            && (Storages.IsRemote(uri) || Directory.Exists(uri));
    }

    /// <summary>Decodes a page as stored: 1, 3 or 4 interleaved samples; <c>Bgr</c> says the colour order is OpenCV's (blue first).</summary>
    private static (Mat Image, bool Bgr) Decode(string uri, int page)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (page < 0) throw new ArgumentOutOfRangeException(nameof(page), "page must be non-negative");
        if (Storages.IsRemote(uri)) return ReadRemote(uri, page);
        FileStream fs;
        try
        {
            fs = new FileStream(uri, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.RandomAccess);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BadInputException(uri, page, "unreadable", "file not found", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(uri, page, "unreadable", $"cannot open file: {ex.Message}", ex);
        }

        using (fs)
        {
            long length = fs.Length;
            if (length == 0) throw new BadInputException(uri, page, "empty_file", "file is empty (0 bytes)");
            Span<byte> head = stackalloc byte[32];
            int n = ReadUpTo(fs, head);
            head = head[..n];
            if (PngInfo.HasMagic(head))
            {
                if (page != 0) throw new BadInputException(uri, page, "unreadable", $"page {page} requested but a PNG file has only page 0");
                PngInfo.Check(head, uri, length);
                bool complete = PngInfo.EndsWithIend(fs);
                fs.Dispose();
                try
                {
                    return (DecodeWithOpenCv(uri, page), true);
                }
                catch (BadInputException ex) when (ex.ErrorType == "corrupt" && !complete)
                {
                    throw new BadInputException(uri, page, "truncated", "PNG data ends before its IEND chunk (file cut short)", ex);
                }
            }
            if (!TiffStructure.HasTiffMagic(head))
            {
                if (n < 8 && n >= 2 && (head[0] == 'I' && head[1] == 'I' || head[0] == 'M' && head[1] == 'M' || head[0] == 0x89))
                    throw new BadInputException(uri, page, "truncated", $"file ends inside the image header ({length} bytes)");
                throw new BadInputException(uri, page, "not_an_image",
                    $"not a TIFF or PNG file (starts with {Convert.ToHexString(head[..Math.Min(n, 4)])})");
            }

            var tiff = TiffStructure.Open(fs, uri);
            long ifd = tiff.FindPage(page);
            var info = tiff.ReadPage(ifd, page, wantDescription: false);
            CheckTiffPage(info, uri, page, length);
            if (page == 0 && info.PlanarConfig == 1)
            {
                fs.Dispose();
                return (DecodeWithOpenCv(uri, page), true);
            }
            byte[]? single = info.PlanarConfig == 1 ? tiff.ExtractPage(ifd, page) : null;
            if (single is not null)
            {
                var m = DecodeBuffer(single);
                if (m is not null) return (m, true);
            }
            return (DecodeWithLibTiff(fs, uri, page, info), false);
        }
    }

    /// <summary>The directory index for a remote file version (null for local streams, which walk their chain every time).</summary>
    internal static TiffDirectoryIndex? IndexFor(Stream s) =>
        s is RemoteReadStream r ? TiffDirectoryIndex.For(r.Location, r.Length, r.ModifiedUnixMs) : null;

    private static (Mat, bool) ReadRemote(string uri, int page)
    {
        Stream s;
        try
        {
            s = Storages.For(uri).OpenRead(uri);
        }
        catch (FileNotFoundException ex)
        {
            throw new BadInputException(uri, page, "unreadable", "file not found", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new BadInputException(uri, page, "unreadable", $"cannot open file: {ex.Message}", ex);
        }
        catch (WebHdfsException ex) when (!ex.IsTransient)
        {
            throw new BadInputException(uri, page, "unreadable", $"cannot open file: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new BadInputException(uri, page, "unreadable", ex.Message, ex);
        }

        using (s)
        {
            long length = s.Length;
            if (length == 0) throw new BadInputException(uri, page, "empty_file", "file is empty (0 bytes)");
            Span<byte> head = stackalloc byte[32];
            int n = ReadUpTo(s, head);
            head = head[..n];
            if (PngInfo.HasMagic(head))
            {
                if (page != 0) throw new BadInputException(uri, page, "unreadable", $"page {page} requested but a PNG file has only page 0");
                PngInfo.Check(head, uri, length);
                bool complete = PngInfo.EndsWithIend(s);
                if (length > int.MaxValue) throw new BadInputException(uri, page, "unsupported_shape", $"PNG file of {length} bytes is too large");
                var all = new byte[length];
                s.Position = 0;
                s.ReadExactly(all);
                var m = DecodeBuffer(all);
                if (m is null)
                    throw complete
                        ? new BadInputException(uri, page, "corrupt", "image data cannot be decoded (decoder returned no image)")
                        : new BadInputException(uri, page, "truncated", "PNG data ends before its IEND chunk (file cut short)");
                return (m, true);
            }
            if (!TiffStructure.HasTiffMagic(head))
            {
                if (n < 8 && n >= 2 && (head[0] == 'I' && head[1] == 'I' || head[0] == 'M' && head[1] == 'M' || head[0] == 0x89))
                    throw new BadInputException(uri, page, "truncated", $"file ends inside the image header ({length} bytes)");
                throw new BadInputException(uri, page, "not_an_image",
                    $"not a TIFF or PNG file (starts with {Convert.ToHexString(head[..Math.Min(n, 4)])})");
            }

            var tiff = TiffStructure.Open(s, uri, IndexFor(s));
            long ifd = tiff.FindPage(page);
            var info = tiff.ReadPage(ifd, page, wantDescription: false);
            CheckTiffPage(info, uri, page, length);
            byte[]? single = info.PlanarConfig == 1 ? tiff.ExtractPage(ifd, page) : null;
            if (single is not null)
            {
                var m = DecodeBuffer(single);
                if (m is not null) return (m, true);
            }
            return (DecodeWithLibTiff(s, uri, page, info), false);
        }
    }

    private static void CheckTiffPage(TiffPageInfo info, string uri, int page, long length)
    {
        if (info.Photometric == 3)
            throw new BadInputException(uri, page, "unsupported_shape", "palette-colour image (expected one grey channel)");
        bool colour = info.SamplesPerPixel is 3 or 4 && info.Photometric == 2;
        if (info.SamplesPerPixel != 1 && !colour)
            throw new BadInputException(uri, page, "unsupported_shape",
                $"{info.SamplesPerPixel} samples per pixel with photometric interpretation {info.Photometric} (expected one grey channel, or RGB/RGBA), {info.Height}x{info.Width}");
        if (colour && info.SampleFormat != 1)
            throw new BadInputException(uri, page, "unsupported_type",
                $"{info.BitsPerSample}-bit colour samples of sample format {info.SampleFormat} (colour is read as uint8 or uint16)");
        bool ok = (info.BitsPerSample, info.SampleFormat) switch
        {
            (8, 1) or (16, 1) or (32, 3) => true,
            _ => false,
        };
        if (!ok)
        {
            string fmt = info.SampleFormat switch { 1 => "unsigned int", 2 => "signed int", 3 => "float", _ => $"sample format {info.SampleFormat}" };
            throw new BadInputException(uri, page, "unsupported_type",
                $"{info.BitsPerSample}-bit {fmt} samples (supported: uint8, uint16, float32)");
        }
        if (info.DataEnd > length)
            throw new BadInputException(uri, page, "truncated",
                $"pixel data ends at byte {info.DataEnd} but the file has only {length} bytes");
    }

    private static Mat DecodeWithOpenCv(string uri, int page)
    {
        Mat m;
        try
        {
            m = Cv2.ImRead(uri, ImreadModes.Unchanged);
        }
        catch (Exception ex) when (ex is OpenCvSharpException or OpenCVException)
        {
            throw new BadInputException(uri, page, "corrupt", $"image data cannot be decoded: {ex.Message}", ex);
        }
        if (m.Empty())
        {
            m.Dispose();
            throw new BadInputException(uri, page, "corrupt", "image data cannot be decoded (decoder returned no image)");
        }
        return m;
    }

    /// <summary>Native decode of an in-memory single-page TIFF; null when OpenCV cannot decode it.</summary>
    private static Mat? DecodeBuffer(byte[] tiff)
    {
        try
        {
            var m = Cv2.ImDecode(tiff, ImreadModes.Unchanged);
            if (!m.Empty()) return m;
            m.Dispose();
            return null;
        }
        catch (OpenCvSharpException)
        {
            return null;
        }
    }

    private static Mat DecodeWithLibTiff(Stream fs, string uri, int page, TiffPageInfo info)
    {
        fs.Position = 0;
        SilentTiffErrorHandler.Clear();
        using var tif = Tiff.ClientOpen(uri, "r", fs, new TiffStream())
            ?? throw new BadInputException(uri, page, "corrupt", $"TIFF cannot be opened: {SilentTiffErrorHandler.Last ?? "unknown error"}");
        if (!tif.SetDirectory((short)page) && page <= short.MaxValue)
            throw new BadInputException(uri, page, "corrupt", $"TIFF directory {page} cannot be read: {SilentTiffErrorHandler.Last ?? "unknown error"}");
        if (page > short.MaxValue)
            throw new BadInputException(uri, page, "unreadable", $"page {page} is beyond what the TIFF decoder can address ({short.MaxValue})");

        int w = info.Width, h = info.Height, spp = info.SamplesPerPixel;
        bool separate = info.PlanarConfig == 2 && spp > 1;
        int bytesPerSample = info.BitsPerSample / 8 * (separate ? 1 : spp);
        MatType type = info.BitsPerSample switch { 8 => MatType.CV_8UC(spp), 16 => MatType.CV_16UC(spp), _ => MatType.CV_32FC1 };
        long rowBytes = (long)w * bytesPerSample;
        var mat = new Mat(h, w, type);
        try
        {
            byte[] image = new byte[rowBytes * h * (separate ? spp : 1)];
            if (tif.IsTiled() && separate)
                throw new BadInputException(uri, page, "unsupported_shape", "tiled colour TIFF with separate colour planes");
            if (tif.IsTiled())
            {
                int tw = tif.GetField(TiffTag.TILEWIDTH)[0].ToInt();
                int th = tif.GetField(TiffTag.TILELENGTH)[0].ToInt();
                var tile = new byte[tif.TileSize()];
                long tileRow = (long)tw * bytesPerSample;
                for (int y = 0; y < h; y += th)
                for (int x = 0; x < w; x += tw)
                {
                    if (tif.ReadTile(tile, 0, x, y, 0, 0) < 0)
                        throw Corrupt(uri, page);
                    int cw = Math.Min(tw, w - x), ch = Math.Min(th, h - y);
                    for (int r = 0; r < ch; r++)
                        Buffer.BlockCopy(tile, (int)(r * tileRow), image, (int)((y + r) * rowBytes + (long)x * bytesPerSample), cw * bytesPerSample);
                }
            }
            else
            {
                int strips = tif.NumberOfStrips();
                int offset = 0;
                for (int s = 0; s < strips && offset < image.Length; s++)
                {
                    int read = tif.ReadEncodedStrip(s, image, offset, -1);
                    if (read < 0) throw Corrupt(uri, page);
                    offset += read;
                }
                if (offset < image.Length) throw Corrupt(uri, page);
            }
            if (separate) image = Interleave(image, spp, info.BitsPerSample / 8);
            Marshal.Copy(image, 0, mat.Data, image.Length);
            return mat;
        }
        catch
        {
            mat.Dispose();
            throw;
        }
    }

    /// <summary>Separate colour planes (all of sample 0, then all of sample 1, ...) as interleaved pixels.</summary>
    private static byte[] Interleave(byte[] planes, int samples, int bytesPerSample)
    {
        var result = new byte[planes.Length];
        int plane = planes.Length / samples;
        int pixels = plane / bytesPerSample;
        for (int s = 0; s < samples; s++)
        for (int p = 0; p < pixels; p++)
            Buffer.BlockCopy(planes, s * plane + p * bytesPerSample, result, (p * samples + s) * bytesPerSample, bytesPerSample);
        return result;
    }

    private static BadInputException Corrupt(string uri, int page) =>
        new(uri, page, "corrupt", $"pixel data cannot be decoded: {SilentTiffErrorHandler.Last ?? "decoder error"}");

    /// <summary>Splits a decoded page into grey channels (red, green, blue order for colour) and checks type and values.</summary>
    private static PageChannels Finish(Mat m, bool bgr, string uri, int page)
    {
        Mat[] parts;
        bool ok = false;
        try
        {
            int depth = m.Depth();
            int c = m.Channels();
            if (c is not (1 or 3 or 4))
                throw new BadInputException(uri, page, "unsupported_shape",
                    $"{(c == 2 ? "grey+alpha" : $"{c}-channel")} image with {c} channels, {m.Rows}x{m.Cols} (expected one grey channel, or RGB/RGBA)");
            if (depth != MatType.CV_8U && depth != MatType.CV_16U && depth != MatType.CV_32F)
                throw new BadInputException(uri, page, "unsupported_type",
                    $"sample type {m.Type()} (supported: uint8, uint16, float32)");
            if (c > 1 && depth == MatType.CV_32F)
                throw new BadInputException(uri, page, "unsupported_type", $"float colour image, {m.Rows}x{m.Cols} (colour is read as uint8 or uint16)");
            if (depth == MatType.CV_32F && !Cv2.CheckRange(m, quiet: true))
                throw new BadInputException(uri, page, "nan_values",
                    $"float image ({m.Rows}x{m.Cols}) contains NaN or infinite values");
            parts = c == 1 ? [m] : Cv2.Split(m);
            ok = true;
        }
        finally
        {
            if (!ok || m.Channels() > 1) m.Dispose();
        }
        if (parts.Length == 1) return new PageChannels([parts[0]], isColour: false);
        if (IsNeutral(parts))
        {
            for (int i = 1; i < parts.Length; i++) parts[i].Dispose();
            return new PageChannels([parts[0]], isColour: false);
        }
        if (parts.Length == 4) parts[3].Dispose(); // alpha is not a measurement
        return new PageChannels(bgr ? [parts[2], parts[1], parts[0]] : [parts[0], parts[1], parts[2]], isColour: true);
    }

    /// <summary>True when the colour channels are all equal and any alpha is opaque: greyscale saved as colour (DSB 2018).</summary>
    private static bool IsNeutral(Mat[] ch)
    {
        using (var d01 = NotEqual(ch[0], ch[1]))
            if (Cv2.CountNonZero(d01) != 0) return false;
        using (var d02 = NotEqual(ch[0], ch[2]))
            if (Cv2.CountNonZero(d02) != 0) return false;
        if (ch.Length < 4) return true;
        Cv2.MinMaxLoc(ch[3], out double amin, out _);
        double opaque = ch[3].Depth() == MatType.CV_8U ? byte.MaxValue : ushort.MaxValue;
        return amin >= opaque;
    }

    private static Mat NotEqual(Mat a, Mat b)
    {
        var d = new Mat();
        Cv2.Compare(a, b, d, CmpTypes.NE);
        return d;
    }

    private static int ReadUpTo(Stream s, Span<byte> dst) => s.ReadAtLeast(dst, dst.Length, throwOnEndOfStream: false);

    private sealed class SilentTiffErrorHandler : TiffErrorHandler
    {
        [ThreadStatic] private static string? _last;

        public static string? Last => _last;

        public static void Clear() => _last = null;

        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
            _last = SafeFormat(method, format, args);

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) =>
            _last = SafeFormat(method, format, args);

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args) { }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }

        private static string SafeFormat(string method, string format, object[] args)
        {
            try { return $"{method}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args)}"; }
            catch (FormatException) { return $"{method}: {format}"; }
        }
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using CellActors.Imaging;
using CellActors.Storage;
using CellActors.Storage.WebHdfs;

namespace CellActors.Reading;

/// <summary>
/// Finds the 2D planes of a source without reading pixels (TIFFs are opened only to walk their directory
/// chain; PNGs only to check their signature).
/// </summary>
/// <remarks>
/// <para><b>Layouts.</b> The source may be:</para>
/// <list type="bullet">
/// <item>a Cell Tracking Challenge dataset folder <c>&lt;dataset&gt;/&lt;seq&gt;/tNNN.tif</c>, recognised by having at
/// least one all-digit subfolder (<c>01</c>, <c>02</c>) holding <c>tNNN</c> images. Only the sequence folders are
/// read; ground-truth and result folders (<c>*_GT</c>, <c>*_ST</c>, <c>*_RES</c>) and any other subfolders or files
/// are never taken as input. Dataset = the folder's name, Sequence = the sequence folder's name, T = the number in
/// <c>tNNN</c> (3 or more digits), Z = page (a multi-page file in a sequence folder is a z-stack).</item>
/// <item>a CTC sequence folder itself (<c>.../Fluo-N2DH-SIM+/01</c>): Dataset = the parent folder's name.</item>
/// <item>any other folder: its TIFF/PNG files and, recursively, its subfolders (a subfolder that is a CTC dataset
/// is read as one, with its own name as Dataset). Folders named <c>*_GT</c>, <c>*_ST</c>, <c>*_RES</c>, <c>masks</c>
/// (Data Science Bowl ground truth) or starting with '.' are skipped. Dataset = the source folder's name,
/// Sequence = the relative subfolder path ('/'-separated, "" at top level), T = the number in a <c>tNNN</c> name, else
/// the file's index in ordinal order among the images of its folder. A multi-page TIFF without axis metadata is a
/// time series (T = page).</item>
/// <item>a single file: a <c>tNNN</c> image inside a CTC sequence folder gets its CTC identity; any other file is
/// loose with Dataset = its parent folder's name and Sequence "". A non-image file given this way is reported as an issue.</item>
/// </list>
/// <para><b>Axes from metadata.</b> A TIFF whose first page holds OME-XML (<see cref="OmeXml"/>: series, channels, z and
/// time, physical sizes, planes in several files) or an ImageJ hyperstack description (<see cref="ImageJDescription"/>:
/// <c>channels</c>, <c>slices</c>, <c>frames</c>, CZT order) yields one frame per (series, t, z) whose channels are
/// listed in <see cref="FrameLocation.Channels"/>: a channel is never a time point. In a CTC sequence folder such a file
/// must hold one time point (its T is its name). A loose file of several series puts series k in Sequence
/// <c>{folder}/{file}/sKK</c>. Metadata that is ambiguous or contradicts the file gives an issue
/// (<see cref="AxesMetadataException"/>) instead of frames. A member of an OME set split over files whose metadata is
/// in another file (<c>BinaryOnly</c>, or not the first file of the set) yields nothing itself: the set's first file
/// yields its frames. Reduced-resolution levels in SubIFDs are never frames (level 0 is read).</para>
/// <para><b>OME-Zarr.</b> A folder that is a Zarr group (<c>.zattrs</c>/<c>.zgroup</c>, or <c>zarr.json</c>) is read as
/// OME-Zarr (<see cref="OmeZarr"/>: NGFF 0.4 on Zarr v2, 0.5 on v3, level 0 of the multiscales, axes and scales from the
/// metadata; plates and bioformats2raw layouts list their images), never walked as a folder. Each image is a sequence
/// (its path below the source, e.g. <c>plate.zarr/A/1/0</c>) with one frame per (t, z); ids are
/// <c>{Dataset}/{path}</c> plus <c>/t{T:D4}</c> and <c>/z{Z:D4}</c>. A frame's planes are the array's location and the
/// plane's index among its leading positions.</para>
/// <para><b>ImageId scheme</b> (stable across runs, unique across datasets, never truncated):
/// CTC frames <c>{Dataset}/{Sequence}/t{T:D4}</c>, plus <c>/z{Z:D4}</c> when the file has more than one page;
/// loose files <c>{Dataset}/{relative path without extension}</c> ('/'-separated), plus <c>/p{page:D4}</c> when the file has
/// more than one page. A non-<c>tNNN</c> image inside a CTC sequence folder is <c>{Dataset}/{Sequence}/{name without extension}</c>.
/// Files with several channels, several series or planes in other files: <c>{Dataset}/{relative path without extension}</c>
/// plus <c>/s{series:D2}</c> (several series), <c>/t{T:D4}</c> (several time points) and <c>/z{Z:D4}</c> (several slices).</para>
/// <para><b>Order.</b> Results stream lazily and in a stable order: folders and files in ordinal name order (CTC
/// files by T, then name), pages in file order; in loose folders the files come before the subfolders.</para>
/// <para><b>Issues.</b> Files with other extensions than .tif/.tiff/.png are ignored silently. A TIFF or PNG whose
/// header cannot be parsed (empty, truncated, not an image, corrupt directory chain) yields one
/// <see cref="DiscoveryIssue"/> with the <see cref="BadInputException.ErrorType"/> code instead of frames, and
/// discovery goes on. BigTIFF is supported.</para>
/// </remarks>
public static partial class FrameDiscovery
{
    [GeneratedRegex(@"^t(\d{3,9})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeName();

    [GeneratedRegex(@"^\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex SequenceName();

    /// <summary>Discovers the frames of <paramref name="source"/> (see the type remarks for layouts and ids).</summary>
    /// <param name="source">A local path, or an HDFS location (<c>webhdfs://namenode:9870/path</c>, <c>hdfs://namenode:8020/path</c>):
    /// both are discovered the same way, through <see cref="IFileStorage"/>; local paths use direct file access.</param>
    /// <exception cref="SourceNotFoundException">The path does not exist (thrown at call time, not on enumeration).</exception>
    public static IEnumerable<DiscoveredInput> Discover(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var storage = Storages.For(source);
        string full = storage.IsLocal ? Path.GetFullPath(source) : source.TrimEnd('/');
        var entry = storage.Stat(full) ?? throw new SourceNotFoundException(source);
        var walk = new Walk(storage);
        if (!entry.IsDirectory) return walk.DiscoverFile(entry);
        full = storage.IsLocal ? Path.TrimEndingDirectorySeparator(full) : entry.Location;
        return walk.DiscoverDirectory(full);
    }

    /// <summary>True for folder names that hold ground truth or results and are never taken as input.</summary>
    public static bool IsGroundTruthFolder(string name) =>
        name.EndsWith("_GT", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith("_ST", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith("_RES", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("masks", StringComparison.OrdinalIgnoreCase);

    private static bool IsImageFile(string path)
    {
        string ext = Path.GetExtension(path);
        return ext.Equals(".tif", StringComparison.OrdinalIgnoreCase) ||
               ext.Equals(".tiff", StringComparison.OrdinalIgnoreCase) ||
               ext.Equals(".png", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsTiff(string path) => !Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase);

    private static int? ParseT(string path)
    {
        var m = TimeName().Match(Path.GetFileNameWithoutExtension(path));
        return m.Success && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int t) ? t : null;
    }

    /// <summary>One discovery over one storage: folder listings are fetched once each (over WebHDFS every listing is a request).</summary>
    private sealed class Walk(IFileStorage storage)
    {
        private readonly Dictionary<string, IReadOnlyList<StorageEntry>> _listings = new(StringComparer.Ordinal);

        private IReadOnlyList<StorageEntry> Entries(string dir)
        {
            if (!_listings.TryGetValue(dir, out var list))
            {
                list = storage.List(dir);
                _listings[dir] = list;
            }
            return list;
        }

        private static string Name(string location) => Path.GetFileName(location);

        private StorageEntry[] SortedImages(string dir) =>
            Entries(dir).Where(e => !e.IsDirectory && IsImageFile(e.Name)).OrderBy(e => e.Location, StringComparer.Ordinal).ToArray();

        private string[] SortedDirs(string dir) =>
            Entries(dir).Where(e => e.IsDirectory).Select(e => e.Location).Order(StringComparer.Ordinal).ToArray();

        private bool IsCtcSequenceFolder(string dir) =>
            SequenceName().IsMatch(Name(dir)) &&
            Entries(dir).Any(e => !e.IsDirectory && IsImageFile(e.Name) && ParseT(e.Name) is not null);

        private bool IsCtcDatasetFolder(string dir) => SortedDirs(dir).Any(IsCtcSequenceFolder);

        public IEnumerable<DiscoveredInput> DiscoverDirectory(string dir)
        {
            if (OmeZarr.IsZarr(Entries(dir))) return OmeZarr.Discover(storage, dir, Name(dir), "", Name(dir));
            if (IsCtcDatasetFolder(dir)) return CtcDataset(dir);
            if (IsCtcSequenceFolder(dir))
                return CtcSequence(dir, storage.Parent(dir) is { } parent ? Name(parent) : "", Name(dir));
            return Loose(dir, Name(dir), dir);
        }

        private IEnumerable<DiscoveredInput> CtcDataset(string dir)
        {
            string dataset = Name(dir);
            foreach (string seqDir in SortedDirs(dir))
            {
                string name = Name(seqDir);
                if (IsGroundTruthFolder(name) || !SequenceName().IsMatch(name)) continue;
                foreach (var d in CtcSequence(seqDir, dataset, name)) yield return d;
            }
        }

        private IEnumerable<DiscoveredInput> CtcSequence(string dir, string dataset, string sequence)
        {
            var files = SortedImages(dir)
                .Select((f, i) => (File: f, T: ParseT(f.Name), Index: i))
                .OrderBy(x => x.T ?? x.Index).ThenBy(x => x.File.Location, StringComparer.Ordinal)
                .ToArray();
            foreach (var (file, t, index) in files)
            foreach (var d in CtcFile(file, dataset, sequence, t, index))
                yield return d;
        }

        private IEnumerable<DiscoveredInput> CtcFile(StorageEntry file, string dataset, string sequence, int? t, int index)
        {
            var (pages, layouts, issue) = Inspect(file);
            if (issue is not null)
            {
                yield return new DiscoveredInput(null, issue);
                yield break;
            }
            string baseId = t is int tt
                ? $"{dataset}/{sequence}/t{tt.ToString("D4", CultureInfo.InvariantCulture)}"
                : $"{dataset}/{sequence}/{Path.GetFileNameWithoutExtension(file.Name)}";
            int time = t ?? index;
            if (layouts is null)
            {
                for (int p = 0; p < pages; p++)
                {
                    string id = pages > 1 ? $"{baseId}/z{p.ToString("D4", CultureInfo.InvariantCulture)}" : baseId;
                    yield return new DiscoveredInput(new FrameLocation(dataset, sequence, time, p, file.Location, p, id), null);
                }
                yield break;
            }
            if (layouts.Count != 1 || layouts[0].SizeT != 1)
            {
                yield return new DiscoveredInput(null, new DiscoveryIssue(file.Location, 0, AxesMetadataException.Mismatch,
                    $"{file.Location}: a Cell Tracking Challenge time point file holds {layouts.Count} series of {layouts[0].SizeT} time points (expected one series, one time point)"));
                yield break;
            }
            var layout = layouts[0];
            for (int z = 0; z < layout.SizeZ; z++)
            {
                string id = layout.SizeZ > 1 ? $"{baseId}/z{z.ToString("D4", CultureInfo.InvariantCulture)}" : baseId;
                yield return new DiscoveredInput(Locate(layout, dataset, sequence, time, z, 0, id), null);
            }
        }

        private IEnumerable<DiscoveredInput> Loose(string dir, string dataset, string root)
        {
            var files = SortedImages(dir);
            string sequence = Relative(root, dir);
            for (int i = 0; i < files.Length; i++)
            foreach (var d in LooseFile(files[i], dataset, sequence, Relative(root, files[i].Location), ParseT(files[i].Name) ?? i))
                yield return d;

            foreach (string sub in SortedDirs(dir))
            {
                string name = Name(sub);
                if (IsGroundTruthFolder(name) || name.StartsWith('.')) continue;
                string relative = Relative(root, sub);
                var inner = OmeZarr.IsZarr(Entries(sub)) ? OmeZarr.Discover(storage, sub, dataset, relative, $"{dataset}/{relative}")
                    : IsCtcDatasetFolder(sub) ? CtcDataset(sub) : Loose(sub, dataset, root);
                foreach (var d in inner) yield return d;
            }
        }

        private IEnumerable<DiscoveredInput> LooseFile(StorageEntry file, string dataset, string sequence, string relative, int t)
        {
            var (pages, layouts, issue) = Inspect(file);
            if (issue is not null)
            {
                yield return new DiscoveredInput(null, issue);
                yield break;
            }
            string baseId = $"{dataset}/{StripExtension(relative)}";
            if (layouts is null)
            {
                for (int p = 0; p < pages; p++)
                {
                    string id = pages > 1 ? $"{baseId}/p{p.ToString("D4", CultureInfo.InvariantCulture)}" : baseId;
                    yield return new DiscoveredInput(new FrameLocation(dataset, sequence, pages > 1 ? p : t, 0, file.Location, p, id), null);
                }
                yield break;
            }
            for (int s = 0; s < layouts.Count; s++)
            {
                var layout = layouts[s];
                // One plane per (t, z) in this file: ids by page, as for any stack; otherwise by series, time and slice.
                bool byPage = layouts.Count == 1 && layout.SizeC == 1 && layout.Planes.All(p => p.Uri == file.Location);
                string seriesId = layouts.Count > 1 ? $"{baseId}/s{s.ToString("D2", CultureInfo.InvariantCulture)}" : baseId;
                string seriesSequence = layouts.Count > 1
                    ? $"{(sequence.Length > 0 ? sequence + "/" : "")}{Path.GetFileNameWithoutExtension(file.Name)}/s{s.ToString("D2", CultureInfo.InvariantCulture)}"
                    : sequence;
                for (int ti = 0; ti < layout.SizeT; ti++)
                for (int z = 0; z < layout.SizeZ; z++)
                {
                    var first = layout.Plane(0, z, ti);
                    string id = byPage
                        ? pages > 1 ? $"{baseId}/p{first.Page.ToString("D4", CultureInfo.InvariantCulture)}" : baseId
                        : seriesId + (layout.SizeT > 1 ? $"/t{ti.ToString("D4", CultureInfo.InvariantCulture)}" : "") + (layout.SizeZ > 1 ? $"/z{z.ToString("D4", CultureInfo.InvariantCulture)}" : "");
                    yield return new DiscoveredInput(Locate(layout, dataset, seriesSequence, layout.SizeT > 1 ? ti : t, z, ti, id), null);
                }
            }
        }

        /// <summary>The frame at (t, z) of a layout: its channels' planes, named; the plane list only when it says more than one unnamed plane.</summary>
        private static FrameLocation Locate(SeriesLayout layout, string dataset, string sequence, int time, int z, int layoutT, string id)
        {
            var planes = Enumerable.Range(0, layout.SizeC).Select(c => layout.Plane(c, z, layoutT)).ToList();
            var first = planes[0];
            bool plain = planes.Count == 1 && first.Name is null;
            return new FrameLocation(dataset, sequence, time, z, first.Uri, first.Page, id, plain ? null : planes, layout.Size.IsUnknown ? null : layout.Size);
        }

        public IEnumerable<DiscoveredInput> DiscoverFile(StorageEntry file)
        {
            if (!IsImageFile(file.Name))
            {
                yield return new DiscoveredInput(null, new DiscoveryIssue(file.Location, 0, "not_an_image",
                    $"{file.Location}: not a TIFF or PNG file (extension '{Path.GetExtension(file.Name)}')"));
                yield break;
            }
            string? parent = storage.Parent(file.Location);
            int? t = ParseT(file.Name);
            if (parent is not null && t is not null && IsCtcSequenceFolder(parent))
            {
                string dataset = storage.Parent(parent) is { } grand ? Name(grand) : "";
                foreach (var d in CtcFile(file, dataset, Name(parent), t, 0)) yield return d;
                yield break;
            }
            string ds = parent is null ? "" : Name(parent);
            foreach (var d in LooseFile(file, ds, "", file.Name, t ?? 0)) yield return d;
        }

        /// <summary>
        /// Pages of a file and, when its metadata (OME-XML or an ImageJ hyperstack description on page 0) lays out axes,
        /// its series; an empty list for a member of an OME set described by another file (its planes are read through
        /// that one); an issue instead when the file or its metadata cannot be used.
        /// </summary>
        private (int Pages, IReadOnlyList<SeriesLayout>? Layouts, DiscoveryIssue? Issue) Inspect(StorageEntry entry)
        {
            string file = entry.Location;
            try
            {
                using var fs = storage.IsLocal ? LocalFileStorage.OpenFile(file, 512) : storage.OpenRead(file, entry);
                if (fs.Length == 0) throw new BadInputException(file, 0, "empty_file", "file is empty (0 bytes)");
                if (!IsTiff(file))
                {
                    Span<byte> head = stackalloc byte[8];
                    int n = fs.Read(head);
                    if (!PngInfo.HasMagic(head[..n]))
                        throw new BadInputException(file, 0, "not_an_image",
                            $"not a PNG file (starts with {Convert.ToHexString(head[..Math.Min(n, 4)])})");
                    return (1, null, null);
                }
                var tiff = TiffStructure.Open(fs, file, FrameReader.IndexFor(fs));
                int pages = tiff.CountPages();
                var first = tiff.ReadPage(tiff.FindPage(0), 0, wantDescription: true);
                return (pages, Layouts(file, pages, first), null);
            }
            catch (BadInputException ex)
            {
                return (0, null, new DiscoveryIssue(file, ex.Page, ex.ErrorType, ex.Message));
            }
            catch (WebHdfsException ex) when (ex.IsTransient)
            {
                throw; // the namenode or a datanode is unreachable: discovery fails and can be run again, nothing is recorded as bad input
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return (0, null, new DiscoveryIssue(file, 0, "unreadable", ex.Message.StartsWith(file, StringComparison.Ordinal) ? ex.Message : $"{file}: cannot read file: {ex.Message}"));
            }
        }

        private IReadOnlyList<SeriesLayout>? Layouts(string file, int pages, TiffPageInfo first)
        {
            string? description = first.ImageDescription;
            if (OmeXml.Looks(description))
            {
                var ome = OmeXml.Parse(description!, file);
                string? parent = storage.Parent(file);
                string Sibling(string name) => parent is null ? name : storage.Combine(parent, name.Replace('\\', '/'));
                if (ome.BinaryOnlyMetadataFile is { } metadata)
                {
                    if (storage.Stat(Sibling(metadata)) is null)
                        throw new AxesMetadataException(file, AxesMetadataException.Mismatch, $"binary-only OME-TIFF whose metadata file {metadata} is missing");
                    return []; // read through the file that describes the set
                }
                var members = ome.ReferencedFiles;
                if (members.Count > 0)
                {
                    string self = Path.GetFileName(file);
                    string master = members.Append(self).Min(StringComparer.Ordinal)!;
                    if (master != self && members.Contains(self) && storage.Stat(Sibling(master)) is not null) return []; // the set is discovered from its first file
                }
                return ome.Layouts(file, Sibling, location => location == file ? pages : CountPages(file, location));
            }
            return ImageJDescription.TryParse(description)?.Layout(file, pages, first) is { } imagej ? [imagej] : null;
        }

        /// <summary>Pages of another file of an OME set; a missing member contradicts the metadata.</summary>
        private int CountPages(string referrer, string location)
        {
            var entry = storage.Stat(location)
                ?? throw new AxesMetadataException(referrer, AxesMetadataException.Mismatch, $"OME-XML places planes in {Path.GetFileName(location)}, which is missing");
            using var fs = storage.IsLocal ? LocalFileStorage.OpenFile(location, 512) : storage.OpenRead(location, entry);
            return TiffStructure.Open(fs, location, FrameReader.IndexFor(fs)).CountPages();
        }

        private string Relative(string root, string path)
        {
            if (storage.IsLocal)
                return Path.GetRelativePath(root, path) is var r && r == "." ? "" : r.Replace(Path.DirectorySeparatorChar, '/');
            return path.Length <= root.Length ? "" : path[root.Length..].Trim('/');
        }
    }


    private static string StripExtension(string relative)
    {
        string ext = Path.GetExtension(relative);
        return ext.Length == 0 ? relative : relative[..^ext.Length];
    }
}

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
/// the file's index in ordinal order among the images of its folder. A multi-page TIFF is a z-stack (Z = page) when
/// its ImageJ description says <c>slices=N</c> with <c>frames</c> absent or 1; otherwise its pages are time points
/// (T = page).</item>
/// <item>a single file: a <c>tNNN</c> image inside a CTC sequence folder gets its CTC identity; any other file is
/// loose with Dataset = its parent folder's name and Sequence "". A non-image file given this way is reported as an issue.</item>
/// </list>
/// <para><b>ImageId scheme</b> (stable across runs, unique across datasets, never truncated):
/// CTC frames <c>{Dataset}/{Sequence}/t{T:D4}</c>, plus <c>/z{Z:D4}</c> when the file has more than one page;
/// loose files <c>{Dataset}/{relative path without extension}</c> ('/'-separated), plus <c>/p{page:D4}</c> when the file has
/// more than one page. A non-<c>tNNN</c> image inside a CTC sequence folder is <c>{Dataset}/{Sequence}/{name without extension}</c>.</para>
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

    [GeneratedRegex(@"^\s*(slices|frames|channels|images)\s*=\s*(\d+)\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ImageJField();

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
            var (pages, _, issue) = Inspect(file, wantDescription: false);
            if (issue is not null)
            {
                yield return new DiscoveredInput(null, issue);
                yield break;
            }
            string baseId = t is int tt
                ? $"{dataset}/{sequence}/t{tt.ToString("D4", CultureInfo.InvariantCulture)}"
                : $"{dataset}/{sequence}/{Path.GetFileNameWithoutExtension(file.Name)}";
            int time = t ?? index;
            for (int p = 0; p < pages; p++)
            {
                string id = pages > 1 ? $"{baseId}/z{p.ToString("D4", CultureInfo.InvariantCulture)}" : baseId;
                yield return new DiscoveredInput(new FrameLocation(dataset, sequence, time, p, file.Location, p, id), null);
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
                var inner = IsCtcDatasetFolder(sub) ? CtcDataset(sub) : Loose(sub, dataset, root);
                foreach (var d in inner) yield return d;
            }
        }

        private IEnumerable<DiscoveredInput> LooseFile(StorageEntry file, string dataset, string sequence, string relative, int t)
        {
            var (pages, description, issue) = Inspect(file, wantDescription: true);
            if (issue is not null)
            {
                yield return new DiscoveredInput(null, issue);
                yield break;
            }
            string baseId = $"{dataset}/{StripExtension(relative)}";
            bool pagesAreZ = pages > 1 && IsZStack(description);
            for (int p = 0; p < pages; p++)
            {
                string id = pages > 1 ? $"{baseId}/p{p.ToString("D4", CultureInfo.InvariantCulture)}" : baseId;
                int time = pages > 1 && !pagesAreZ ? p : t;
                int z = pagesAreZ ? p : 0;
                yield return new DiscoveredInput(new FrameLocation(dataset, sequence, time, z, file.Location, p, id), null);
            }
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

        private (int Pages, string? Description, DiscoveryIssue? Issue) Inspect(StorageEntry entry, bool wantDescription)
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
                string? description = null;
                if (wantDescription && pages > 1)
                    description = tiff.ReadPage(tiff.FindPage(0), 0, wantDescription: true).ImageDescription;
                return (pages, description, null);
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

        private string Relative(string root, string path)
        {
            if (storage.IsLocal)
                return Path.GetRelativePath(root, path) is var r && r == "." ? "" : r.Replace(Path.DirectorySeparatorChar, '/');
            return path.Length <= root.Length ? "" : path[root.Length..].Trim('/');
        }
    }

    /// <summary>ImageJ hyperstack description: pages are z-slices when slices=N (N &gt; 1) and frames is absent or 1.</summary>
    private static bool IsZStack(string? description)
    {
        if (description is null || !description.StartsWith("ImageJ=", StringComparison.Ordinal)) return false;
        int slices = 1, frames = 1;
        foreach (Match m in ImageJField().Matches(description))
        {
            if (!int.TryParse(m.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int v)) continue;
            if (m.Groups[1].Value.Equals("slices", StringComparison.OrdinalIgnoreCase)) slices = v;
            else if (m.Groups[1].Value.Equals("frames", StringComparison.OrdinalIgnoreCase)) frames = v;
        }
        return slices > 1 && frames <= 1;
    }

    private static string StripExtension(string relative)
    {
        string ext = Path.GetExtension(relative);
        return ext.Length == 0 ? relative : relative[..^ext.Length];
    }
}

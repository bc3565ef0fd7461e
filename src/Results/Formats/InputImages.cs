using CellActors.Results.Sql;

namespace CellActors.Results.Formats;

/// <summary>The images of a job as its inputs were (<see cref="InputImage"/>): what per-image exports (labels, GeoJSON) name their files after.</summary>
public static class InputImages
{
    /// <summary>Every (input, t) of the job with its frames, named after the input.</summary>
    /// <exception cref="InvalidDataException">two frames of one input share t and z.</exception>
    public static IReadOnlyList<InputImage> Load(ResultsDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = new List<(string Id, string Uri, int T, int Z, int H, int W)>();
        using (var cmd = db.Command("SELECT image_id, uri, t, z, height, width FROM frames WHERE job = @job ORDER BY uri, t, z, image_id"))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) rows.Add((r.GetString(0), r.GetString(1), SqlCommands.ToInt(r.GetValue(2)), SqlCommands.ToInt(r.GetValue(3)), SqlCommands.ToInt(r.GetValue(4)), SqlCommands.ToInt(r.GetValue(5))));
        }
        var byUri = rows.GroupBy(f => f.Uri, StringComparer.Ordinal).ToList();
        var dirs = byUri.Select(g => Directory(g.Key)).ToList();
        var common = dirs.Count == 0 ? [] : dirs.Aggregate((a, b) => a.Zip(b).TakeWhile(p => p.First == p.Second).Select(p => p.First).ToArray());
        var images = new List<(string Uri, int T, List<(string, int, int, int)> Frames, string Stem, string Rel)>();
        foreach (var (g, dir) in byUri.Zip(dirs))
        {
            var stem = Stem(g.Key);
            var rel = string.Join('/', dir.Skip(common.Length));
            var times = g.GroupBy(f => f.T).OrderBy(t => t.Key).ToList();
            foreach (var t in times)
            {
                var clash = t.GroupBy(f => f.Z).FirstOrDefault(z => z.Count() > 1);
                if (clash is not null)
                    throw new InvalidDataException($"frames {string.Join(", ", clash.Select(f => f.Id))} of {g.Key} share t = {t.Key}, z = {clash.Key}");
                var name = times.Count > 1 ? $"{stem}_t{t.Key:D4}" : stem;
                images.Add((g.Key, t.Key, t.OrderBy(f => f.Z).Select(f => (f.Id, f.Z, f.H, f.W)).ToList(), name, rel));
            }
        }
        bool collide = images.GroupBy(i => i.Stem, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1);
        return images.Select(i => new InputImage(i.Uri, i.T, i.Frames, collide && i.Rel.Length > 0 ? i.Rel + "/" + i.Stem : i.Stem)).ToList();
    }

    private static string[] Directory(string uri)
    {
        var parts = uri.Replace('\\', '/').Split('/');
        return parts[..^1];
    }

    private static string Stem(string uri)
    {
        var name = uri.Replace('\\', '/').TrimEnd('/').Split('/')[^1];
        foreach (var ext in (string[])[".ome.tiff", ".ome.tif", ".ome.zarr", ".tiff", ".tif", ".png", ".zarr"])
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }
}

using CellActors.Imaging;

namespace CellActors.Reading.Evaluation;

/// <summary>
/// Ground truth in the Data Science Bowl 2018 training layout: <c>ROOT/&lt;id&gt;/masks/*.png</c>, one binary mask per
/// nucleus (any non-zero pixel is the object), next to <c>ROOT/&lt;id&gt;/images/&lt;id&gt;.png</c>. Masks are labelled
/// 1, 2, ... in file name order; where masks overlap (a few DSB masks do) the later mask's label wins.
/// </summary>
public static class DsbFolder
{
    /// <summary>The image ids (folder names) under <paramref name="root"/> that have a <c>masks</c> or <c>images</c> folder, sorted.</summary>
    public static IReadOnlyList<string> ImageIds(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"folder not found: {root}");
        return Directory.EnumerateDirectories(root)
            .Where(d => Directory.Exists(Path.Combine(d, "masks")) || Directory.Exists(Path.Combine(d, "images")))
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Reads the masks of one image into a label image (shape from the masks, else from the image).</summary>
    /// <exception cref="BadInputException">a mask or the image is unreadable.</exception>
    /// <exception cref="InvalidDataException">masks of different shapes, or neither masks nor image.</exception>
    public static LabelImage ReadReference(string root, string id)
    {
        var dir = Path.Combine(root, id);
        var masks = Directory.Exists(Path.Combine(dir, "masks"))
            ? Directory.EnumerateFiles(Path.Combine(dir, "masks"), "*.png").Order(StringComparer.Ordinal).ToList()
            : [];
        if (masks.Count == 0)
        {
            var image = Directory.Exists(Path.Combine(dir, "images"))
                ? Directory.EnumerateFiles(Path.Combine(dir, "images"), "*.png").FirstOrDefault()
                : null;
            if (image is null) throw new InvalidDataException($"{dir}: neither masks nor image");
            using var m = FrameReader.ReadPlane(image, 0);
            return LabelImage.Empty(m.Rows, m.Cols);
        }
        int[]? labels = null;
        int h = 0, w = 0, label = 0;
        foreach (var path in masks)
        {
            var mask = CtcFolder.ReadPage(path, 0);
            if (labels is null)
            {
                (h, w) = (mask.Height, mask.Width);
                labels = new int[h * w];
            }
            else if (mask.Height != h || mask.Width != w)
            {
                throw new InvalidDataException($"{path}: mask is {mask.Height}x{mask.Width}, the other masks of {id} are {h}x{w}");
            }
            label++;
            var src = mask.Labels;
            for (int i = 0; i < src.Length; i++) if (src[i] != 0) labels[i] = label;
        }
        return new LabelImage(h, w, labels!, label);
    }
}

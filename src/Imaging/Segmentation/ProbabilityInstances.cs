using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// Instances from a network's per-pixel probabilities (pure image code, no ONNX Runtime):
/// <list type="bullet">
/// <item><see cref="FromInteriorBoundary"/>: models predicting background / interior / boundary (the DSB2018-winning
/// recipe): seeds are the 4-connected components of confident interior, grown by a seeded watershed over the
/// foreground with the interior probability as relief, so touching cells split along their predicted boundary.</item>
/// <item><see cref="FromForeground"/>: models predicting foreground only (e.g. bioimage.io nucleus U-Nets): the
/// foreground is split by a watershed on its distance transform, seeded from suppressed local maxima.</item>
/// </list>
/// Foreground regions that received no seed become objects of their own; objects smaller than
/// <see cref="InstanceOptions.MinArea"/> are dropped; labels run 1..Count in raster order of first pixel.
/// </summary>
public static class ProbabilityInstances
{
    private const int Levels = 256;

    /// <summary>Instances from interior and boundary probability maps (row-major, <paramref name="height"/> × <paramref name="width"/>).</summary>
    /// <exception cref="ArgumentException">A map's length is not height × width.</exception>
    public static LabelImage FromInteriorBoundary(ReadOnlySpan<float> interior, ReadOnlySpan<float> boundary, int height, int width, InstanceOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        int n = CheckSize(interior.Length, height, width, nameof(interior));
        CheckSize(boundary.Length, height, width, nameof(boundary));
        var mask = new bool[n];
        var seeds = new bool[n];
        var relief = new byte[n];
        float fg = (float)o.ForegroundThreshold, seed = (float)o.SeedThreshold;
        for (int i = 0; i < n; i++)
        {
            float pi = interior[i];
            mask[i] = pi + boundary[i] > fg;
            seeds[i] = mask[i] && pi > seed;
            relief[i] = Quantise(1f - pi);
        }
        var minSeedArea = o.RelativeSeedArea > 0 && o.MinSeedArea > 0
            ? Math.Min(o.MinSeedArea, (int)Math.Ceiling(o.RelativeSeedArea * TypicalArea(Grow(mask, seeds, relief, height, width, o.MinArea, 0), o.MinSeedArea) - 1e-9))
            : o.MinSeedArea;
        return Grow(mask, seeds, relief, height, width, o.MinArea, minSeedArea);
    }

    /// <summary>
    /// The area of the object that holds the median object pixel among the objects of at least <paramref name="minArea"/>
    /// pixels (a median weighted by area); <see cref="int.MaxValue"/> when there is none, so that the caller's limit stands.
    /// </summary>
    public static int TypicalArea(LabelImage labels, int minArea)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var areas = new int[labels.Count + 1];
        foreach (var l in labels.Labels)
            if (l > 0) areas[l]++;
        var counted = areas.Skip(1).Where(a => a >= minArea).Order().ToArray();
        if (counted.Length == 0) return int.MaxValue;
        long total = counted.Sum(a => (long)a), sum = 0;
        foreach (var a in counted)
            if ((sum += a) * 2 >= total) return a;
        return counted[^1];
    }

    /// <summary>Instances from a foreground probability map (row-major, <paramref name="height"/> × <paramref name="width"/>).</summary>
    /// <exception cref="ArgumentException">The map's length is not height × width.</exception>
    public static LabelImage FromForeground(ReadOnlySpan<float> foreground, int height, int width, InstanceOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        int n = CheckSize(foreground.Length, height, width, nameof(foreground));
        var mask = new bool[n];
        using var m8 = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        var bytes = new byte[n];
        float fg = (float)o.ForegroundThreshold;
        for (int i = 0; i < n; i++)
        {
            mask[i] = foreground[i] > fg;
            bytes[i] = mask[i] ? (byte)255 : (byte)0;
        }
        if (n == 0) return LabelImage.Empty(height, width);
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, m8.Data, n);
        using var dist = new Mat();
        Cv2.DistanceTransform(m8, dist, DistanceTypes.L2, DistanceTransformMasks.Mask5);
        int r = Math.Max(1, o.MinPeakDistance);
        using var smooth = new Mat();
        Cv2.GaussianBlur(dist, smooth, new Size(0, 0), r / 2.0);
        using var dilated = new Mat();
        using (var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(2 * r + 1, 2 * r + 1)))
            Cv2.Dilate(smooth, dilated, kernel);
        var s = new float[n];
        var d = new float[n];
        System.Runtime.InteropServices.Marshal.Copy(smooth.Data, s, 0, n);
        System.Runtime.InteropServices.Marshal.Copy(dilated.Data, d, 0, n);
        var seeds = new bool[n];
        var relief = new byte[n];
        float max = 0;
        for (int i = 0; i < n; i++) max = Math.Max(max, s[i]);
        for (int i = 0; i < n; i++)
        {
            seeds[i] = mask[i] && s[i] >= d[i] && s[i] >= 1f;
            relief[i] = max > 0 ? Quantise(1f - s[i] / max) : (byte)0;
        }
        return Grow(mask, seeds, relief, height, width, o.MinArea, minSeedArea: 0);
    }

    private static int CheckSize(int length, int height, int width, string name)
    {
        if (height < 0 || width < 0 || length != (long)height * width)
            throw new ArgumentException($"probability map has {length} values, expected {height} x {width}", name);
        return length;
    }

    private static byte Quantise(float v) => (byte)Math.Clamp((int)(v * (Levels - 1) + 0.5f), 0, Levels - 1);

    /// <summary>
    /// Seeds (4-connected components of at least <paramref name="minSeedArea"/> pixels) flooded over the mask in order of
    /// relief, then unseeded regions, then filtering.
    /// </summary>
    private static LabelImage Grow(bool[] mask, bool[] seeds, byte[] relief, int h, int w, int minArea, int minSeedArea)
    {
        int n = mask.Length;
        var labels = new int[n];
        int next = 0;
        var stack = new Stack<int>();
        var small = new List<int>();
        for (int i = 0; i < n; i++)
            if (seeds[i] && labels[i] == 0 && FillComponent(seeds, labels, i, ++next, stack, h, w) < minSeedArea) small.Add(next);
        if (small.Count > 0)
        {
            // Too small to seed: unlabelled again, flooded from a neighbour or an object of their own below; Relabel closes the gaps.
            var drop = new bool[next + 1];
            foreach (var l in small) drop[l] = true;
            for (int i = 0; i < n; i++)
                if (drop[labels[i]]) labels[i] = 0;
        }
        Flood(mask, labels, relief, h, w);
        // Foreground regions no seed reached (e.g. objects too thin to have an interior) become objects.
        for (int i = 0; i < n; i++)
            if (mask[i] && labels[i] == 0) FillComponent(mask, labels, i, ++next, stack, h, w);
        return Relabel(labels, next, h, w, minArea);
    }

    /// <summary>Gives <paramref name="label"/> to the unlabelled 4-connected component of <paramref name="include"/> at <paramref name="start"/>.</summary>
    /// <returns>The component's number of pixels.</returns>
    private static int FillComponent(bool[] include, int[] labels, int start, int label, Stack<int> stack, int h, int w)
    {
        labels[start] = label;
        stack.Push(start);
        var area = 0;
        while (stack.Count > 0)
        {
            int p = stack.Pop(), y = p / w, x = p - y * w;
            area++;
            if (x > 0 && include[p - 1] && labels[p - 1] == 0) { labels[p - 1] = label; stack.Push(p - 1); }
            if (x < w - 1 && include[p + 1] && labels[p + 1] == 0) { labels[p + 1] = label; stack.Push(p + 1); }
            if (y > 0 && include[p - w] && labels[p - w] == 0) { labels[p - w] = label; stack.Push(p - w); }
            if (y < h - 1 && include[p + w] && labels[p + w] == 0) { labels[p + w] = label; stack.Push(p + w); }
        }
        return area;
    }

    /// <summary>
    /// Seeded watershed restricted to the mask, by a bucket queue over the 256 relief levels (O(pixels)): a pixel
    /// joins the label of the neighbour that reaches it first at the lowest level; FIFO order inside a level.
    /// </summary>
    private static void Flood(bool[] mask, int[] labels, byte[] relief, int h, int w)
    {
        var buckets = new Queue<int>[Levels];
        for (int l = 0; l < Levels; l++) buckets[l] = new Queue<int>();
        var queued = new bool[mask.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == 0) continue;
            queued[i] = true;
            buckets[relief[i]].Enqueue(i);
        }
        for (int level = 0; level < Levels; level++)
        {
            var q = buckets[level];
            while (q.Count > 0)
            {
                int p = q.Dequeue(), y = p / w, x = p - y * w, lab = labels[p];
                if (x > 0) Visit(p - 1);
                if (x < w - 1) Visit(p + 1);
                if (y > 0) Visit(p - w);
                if (y < h - 1) Visit(p + w);

                void Visit(int v)
                {
                    if (queued[v] || !mask[v]) return;
                    queued[v] = true;
                    labels[v] = lab;
                    buckets[Math.Max(level, (int)relief[v])].Enqueue(v);
                }
            }
        }
    }

    private static LabelImage Relabel(int[] labels, int count, int h, int w, int minArea)
    {
        var area = new int[count + 1];
        foreach (var l in labels) area[l]++;
        var map = new int[count + 1];
        int next = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int l = labels[i];
            if (l == 0) continue;
            if (map[l] == 0) map[l] = area[l] >= minArea ? ++next : -1;
            labels[i] = map[l] > 0 ? map[l] : 0;
        }
        return new LabelImage(h, w, labels, next);
    }
}

namespace CellActors.Imaging;

/// <summary>
/// Instances from Cellpose outputs (pure image code, no ONNX Runtime), with Cellpose's semantics (<c>follow_flows</c>,
/// <c>get_masks</c>): every pixel whose cell-probability logit exceeds <see cref="CellposeOptions.CellprobThreshold"/> moves
/// <see cref="CellposeOptions.Niter"/> Euler steps along the flow field (each step the bilinearly interpolated flow (dY, dX)
/// times <see cref="CellposeOptions.FlowScale"/>, positions clamped to the frame). The final positions (truncated to
/// pixels) are counted in a histogram; sinks are its local maxima over a 5 × 5 neighbourhood holding more than 2 pixels,
/// each expanded 5 times into its 3 × 3 neighbourhood over histogram bins holding more than 2 pixels (seeds taken from the
/// largest count down; a later seed wins a bin two reach). Every moved pixel takes the label of the bin it ended in
/// (none when that bin belongs to no sink). Masks larger than 40 % of the frame and masks smaller than
/// <see cref="CellposeOptions.MinSize"/> are removed. Not done: Cellpose's flow-error check (<c>flow_threshold</c>) and its
/// hole filling. Labels run 1..Count in raster order of first pixel.
/// </summary>
public static class CellposeInstances
{
    /// <summary>Instances from the flows <paramref name="dy"/>, <paramref name="dx"/> and the cell-probability logit <paramref name="cellprob"/> (row-major, <paramref name="height"/> × <paramref name="width"/>).</summary>
    /// <exception cref="ArgumentException">A map's length is not height × width.</exception>
    public static LabelImage FromFlows(ReadOnlySpan<float> dy, ReadOnlySpan<float> dx, ReadOnlySpan<float> cellprob, int height, int width, CellposeOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var n = height * width;
        if (dy.Length != n || dx.Length != n || cellprob.Length != n)
            throw new ArgumentException($"maps of {dy.Length}, {dx.Length} and {cellprob.Length} values for a {height}x{width} frame");
        var moving = new List<int>();
        for (var i = 0; i < n; i++)
            if (cellprob[i] > o.CellprobThreshold) moving.Add(i);
        if (moving.Count == 0) return LabelImage.Empty(height, width);

        // follow the flows
        var end = new int[moving.Count];
        var hist = new int[n];
        var s = (float)o.FlowScale;
        for (var m = 0; m < moving.Count; m++)
        {
            float py = moving[m] / width, px = moving[m] % width;
            for (var t = 0; t < o.Niter; t++)
            {
                var (fy, fx) = Bilinear(dy, dx, py, px, height, width);
                py = Math.Clamp(py + s * fy, 0, height - 1);
                px = Math.Clamp(px + s * fx, 0, width - 1);
            }
            var e = (int)py * width + (int)px;
            end[m] = e;
            hist[e]++;
        }

        // sinks: local maxima of the histogram over 5x5 with more than 2 pixels, largest first
        var seeds = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (hist[i] <= 2) continue;
            int y = i / width, x = i % width, max = 0;
            for (var yy = Math.Max(0, y - 2); yy <= Math.Min(height - 1, y + 2); yy++)
                for (var xx = Math.Max(0, x - 2); xx <= Math.Min(width - 1, x + 2); xx++)
                    max = Math.Max(max, hist[yy * width + xx]);
            if (hist[i] >= max) seeds.Add(i);
        }
        seeds.Sort((a, b) => hist[a] != hist[b] ? hist[b].CompareTo(hist[a]) : a.CompareTo(b));

        // expand each seed 5 times over bins holding more than 2 pixels
        var sink = new int[n];
        var set = new HashSet<int>();
        var next = new HashSet<int>();
        for (var k = 0; k < seeds.Count; k++)
        {
            set.Clear();
            set.Add(seeds[k]);
            for (var iter = 0; iter < 5; iter++)
            {
                next.Clear();
                foreach (var p in set)
                {
                    int y = p / width, x = p % width;
                    for (var yy = Math.Max(0, y - 1); yy <= Math.Min(height - 1, y + 1); yy++)
                        for (var xx = Math.Max(0, x - 1); xx <= Math.Min(width - 1, x + 1); xx++)
                            if (hist[yy * width + xx] > 2) next.Add(yy * width + xx);
                }
                (set, next) = (next, set);
            }
            foreach (var p in set) sink[p] = k + 1;
        }

        var labels = new int[n];
        for (var m = 0; m < moving.Count; m++) labels[moving[m]] = sink[end[m]];
        return InstanceLabels.Finish(labels, height, width, seeds.Count, o.MinSize, (long)(0.4 * n));
    }

    /// <summary>The flow at (<paramref name="y"/>, <paramref name="x"/>), bilinearly interpolated (positions inside the frame).</summary>
    private static (float Y, float X) Bilinear(ReadOnlySpan<float> dy, ReadOnlySpan<float> dx, float y, float x, int height, int width)
    {
        int y0 = (int)y, x0 = (int)x;
        int y1 = Math.Min(y0 + 1, height - 1), x1 = Math.Min(x0 + 1, width - 1);
        float fy = y - y0, fx = x - x0;
        float w00 = (1 - fy) * (1 - fx), w01 = (1 - fy) * fx, w10 = fy * (1 - fx), w11 = fy * fx;
        int a = y0 * width + x0, b = y0 * width + x1, c = y1 * width + x0, d = y1 * width + x1;
        return (w00 * dy[a] + w01 * dy[b] + w10 * dy[c] + w11 * dy[d], w00 * dx[a] + w01 * dx[b] + w10 * dx[c] + w11 * dx[d]);
    }
}

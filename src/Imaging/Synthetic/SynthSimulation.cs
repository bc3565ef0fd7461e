using OpenCvSharp;

namespace CellActors.Imaging;

/// <summary>
/// The step-by-step simulation behind <see cref="SyntheticTimeLapse"/>: call <see cref="Next"/> for each frame;
/// <see cref="Tracks"/> holds the tracks seen so far (final once <see cref="HasNext"/> is false).
/// </summary>
public sealed class SynthSimulation
{
    private sealed class Cell
    {
        public int Id;
        public double X, Y, A, B, TargetA, TargetB, Theta, Brightness, Vx, Vy;
        public int Age;
    }

    private readonly SynthOptions _o;
    private readonly int _h, _w;
    private Rng _rng;
    private readonly List<Cell> _cells = [];
    private readonly List<SynthTrack> _tracks = [];
    private readonly float[] _illum;
    private readonly float[] _q;
    private int[] _count = new int[64];
    private readonly double _scale;

    /// <summary>Starts a simulation; nothing is drawn until <see cref="Next"/>.</summary>
    public SynthSimulation(SynthOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.Validate();
        _o = o;
        _h = o.Height;
        _w = o.Width;
        _rng = new Rng((ulong)o.Seed * 0x9E3779B97F4A7C15UL + 12345);
        _scale = o.BitDepth == 16 ? 1.0 : 0.25;
        _q = new float[_h * _w];
        _illum = new float[_h * _w];
        double phi = _rng.NextDouble() * 2 * Math.PI, c = Math.Cos(phi), s = Math.Sin(phi);
        for (int y = 0; y < _h; y++)
        for (int x = 0; x < _w; x++)
            _illum[y * _w + x] = (float)(1 + o.Illumination * ((x / (double)_w - 0.5) * c + (y / (double)_h - 0.5) * s));
    }

    /// <summary>The next frame index.</summary>
    public int T { get; private set; }

    /// <summary>Whether frames remain.</summary>
    public bool HasNext => T < _o.Frames;

    /// <summary>Tracks so far, ordered by label (CTC <c>L B E P</c>).</summary>
    public IReadOnlyList<SynthTrack> Tracks => _tracks;

    /// <summary>Mother cells that divided so far.</summary>
    public int Divisions { get; private set; }

    /// <summary>Advances one frame and draws it.</summary>
    public SynthFrame Next()
    {
        if (!HasNext) throw new InvalidOperationException($"all {_o.Frames} frames were generated");
        int t = T;
        if (t == 0) Seed();
        else Step(t);
        var frame = Draw(t);
        T++;
        return frame;
    }

    private double RandomRadius() => _o.MeanRadius * (0.8 + 0.4 * _rng.NextDouble());

    private Cell NewCell(double x, double y, double a, double b)
    {
        double dir = _rng.NextDouble() * 2 * Math.PI;
        var c = new Cell
        {
            Id = _tracks.Count + 1,
            X = x, Y = y, A = a, B = b, TargetA = a, TargetB = b,
            Theta = _rng.NextDouble() * Math.PI,
            Brightness = _o.CellBrightnessMin + (_o.CellBrightnessMax - _o.CellBrightnessMin) * _rng.NextDouble(),
            Vx = _o.Drift * Math.Cos(dir), Vy = _o.Drift * Math.Sin(dir),
        };
        _tracks.Add(new SynthTrack(c.Id, T, T, 0));
        _cells.Add(c);
        return c;
    }

    private static double R(Cell c) => Math.Sqrt(c.A * c.B);

    private bool Free(double x, double y, double r) =>
        _cells.All(c => (c.X - x) * (c.X - x) + (c.Y - y) * (c.Y - y) >= (R(c) + r) * (R(c) + r));

    private void Seed()
    {
        int pairs = _o.InitialCells / 3;
        int placed = 0;
        for (int attempt = 0; placed < _o.InitialCells && attempt < 1000 * Math.Max(1, _o.InitialCells); attempt++)
        {
            double a = RandomRadius(), b = a * (0.65 + 0.3 * _rng.NextDouble()), r = Math.Sqrt(a * b);
            double x = r + _rng.NextDouble() * (_w - 2 * r), y = r + _rng.NextDouble() * (_h - 2 * r);
            if (!Free(x, y, r)) continue;
            if (placed < 2 * pairs && placed + 1 < _o.InitialCells)
            {
                // A touching pair: the partner's centre at 0.9 of the sum of the radii.
                double a2 = RandomRadius(), b2 = a2 * (0.65 + 0.3 * _rng.NextDouble()), r2 = Math.Sqrt(a2 * b2);
                double dir = _rng.NextDouble() * 2 * Math.PI, d = 0.9 * (r + r2);
                double x2 = x + d * Math.Cos(dir), y2 = y + d * Math.Sin(dir);
                if (x2 < r2 || y2 < r2 || x2 > _w - r2 || y2 > _h - r2 || !Free(x2, y2, r2)) continue;
                NewCell(x, y, a, b);
                var partner = NewCell(x2, y2, a2, b2);
                partner.Vx = _cells[^2].Vx; // the pair drifts together, so it keeps touching for a while
                partner.Vy = _cells[^2].Vy;
                placed += 2;
            }
            else
            {
                NewCell(x, y, a, b);
                placed++;
            }
        }
    }

    private void Step(int t)
    {
        // 1. Move, turn, grow back to the target size.
        foreach (var c in _cells)
        {
            c.X += c.Vx + _o.StepSigma * _rng.NextGaussian();
            c.Y += c.Vy + _o.StepSigma * _rng.NextGaussian();
            c.Theta += 0.05 * _rng.NextGaussian();
            c.A += 0.15 * (c.TargetA - c.A);
            c.B += 0.15 * (c.TargetB - c.B);
            c.Age++;
        }
        // 2. Soft repulsion: centres no closer than 0.8 of the sum of the radii (touching, barely overlapping).
        for (int it = 0; it < 3; it++)
        for (int i = 0; i < _cells.Count; i++)
        for (int j = i + 1; j < _cells.Count; j++)
        {
            Cell p = _cells[i], q = _cells[j];
            double dx = q.X - p.X, dy = q.Y - p.Y, d = Math.Sqrt(dx * dx + dy * dy), min = 0.8 * (R(p) + R(q));
            if (d >= min) continue;
            if (d < 1e-6)
            {
                double dir = _rng.NextDouble() * 2 * Math.PI;
                dx = Math.Cos(dir);
                dy = Math.Sin(dir);
                d = 1;
            }
            double push = (min - d) / 2 / d;
            p.X -= dx * push;
            p.Y -= dy * push;
            q.X += dx * push;
            q.Y += dy * push;
        }
        // 3. Cells whose centre left the frame end at t - 1.
        for (int i = _cells.Count - 1; i >= 0; i--)
        {
            var c = _cells[i];
            if (c.X >= 0 && c.Y >= 0 && c.X < _w && c.Y < _h) continue;
            _cells.RemoveAt(i);
        }
        // 4. Divisions: the mother ends at t - 1, two daughters begin at t beside it along its long axis.
        int alive = _cells.Count;
        for (int i = 0; i < alive; i++)
        {
            var m = _cells[i];
            if (m.Age < _o.MinCycleFrames || _cells.Count >= _o.EffectiveMaxCells) continue;
            if (_rng.NextDouble() >= _o.DivisionProbability) continue;
            double ca = Math.Cos(m.Theta), sa = Math.Sin(m.Theta), off = 0.55 * m.A;
            for (int k = -1; k <= 1; k += 2)
            {
                double x = Math.Clamp(m.X + k * off * ca, 0.5, _w - 0.5), y = Math.Clamp(m.Y + k * off * sa, 0.5, _h - 0.5);
                var d = NewCell(x, y, 0.6 * m.A, 0.75 * m.B);
                d.TargetA = m.TargetA * (0.9 + 0.2 * _rng.NextDouble());
                d.TargetB = m.TargetB * (0.9 + 0.2 * _rng.NextDouble());
                d.Theta = m.Theta + 0.2 * _rng.NextGaussian();
                d.Brightness = m.Brightness * (0.9 + 0.2 * _rng.NextDouble());
                _tracks[^1] = _tracks[^1] with { Parent = m.Id };
            }
            m.Id = -m.Id; // marks the mother for removal below
            Divisions++;
        }
        _cells.RemoveAll(c => c.Id < 0);
        // 5. Keep the field populated: new cells enter (tracks with no parent) when too few are left.
        for (int attempt = 0; _cells.Count < Math.Max(1, _o.InitialCells / 2) && _o.InitialCells > 0 && attempt < 50; attempt++)
        {
            double a = RandomRadius(), b = a * (0.65 + 0.3 * _rng.NextDouble()), r = Math.Sqrt(a * b);
            double x = r + _rng.NextDouble() * (_w - 2 * r), y = r + _rng.NextDouble() * (_h - 2 * r);
            if (Free(x, y, r)) NewCell(x, y, a, b);
        }
        _ = t;
    }

    private SynthFrame Draw(int t)
    {
        int h = _h, w = _w, n = h * w;
        var tra = new int[n];
        var q = _q;
        Array.Fill(q, 2f);
        int maxId = _tracks.Count;
        if (_count.Length <= maxId) _count = new int[Math.Max(maxId + 1, _count.Length * 2)];

        // Rasterise: a pixel inside several ellipses goes to the one it is relatively closest to (smallest
        // normalised radius), so touching nuclei share a clean border and each keeps its own centre.
        foreach (var c in _cells)
        {
            double co = Math.Cos(c.Theta), si = Math.Sin(c.Theta), ia = 1 / c.A, ib = 1 / c.B;
            int r = (int)Math.Ceiling(Math.Max(c.A, c.B)) + 1;
            int y0 = Math.Max(0, (int)c.Y - r), y1 = Math.Min(h - 1, (int)c.Y + r);
            int x0 = Math.Max(0, (int)c.X - r), x1 = Math.Min(w - 1, (int)c.X + r);
            for (int y = y0; y <= y1; y++)
            {
                double dy = y - c.Y;
                for (int x = x0; x <= x1; x++)
                {
                    double dx = x - c.X, u = (dx * co + dy * si) * ia, v = (-dx * si + dy * co) * ib;
                    float qq = (float)(u * u + v * v);
                    int p = y * w + x;
                    if (qq <= 1f && qq < q[p])
                    {
                        q[p] = qq;
                        tra[p] = c.Id;
                    }
                }
            }
        }
        // Every living cell owns at least its centre pixel (so tracks have no gaps).
        Array.Clear(_count, 0, maxId + 1);
        for (int i = 0; i < n; i++) _count[tra[i]]++;
        foreach (var c in _cells)
        {
            if (_count[c.Id] > 0) continue;
            int p = Math.Clamp((int)c.Y, 0, h - 1) * w + Math.Clamp((int)c.X, 0, w - 1);
            _count[tra[p]]--;
            tra[p] = c.Id;
            q[p] = 0;
            _count[c.Id] = 1;
        }
        // Track ends and the SEG relabelling (1..k in increasing track id).
        var ids = new List<int>(_cells.Count);
        foreach (var c in _cells)
        {
            if (_count[c.Id] == 0) continue; // cannot happen unless two centres share a pixel
            ids.Add(c.Id);
            _tracks[c.Id - 1] = _tracks[c.Id - 1] with { End = t };
        }
        ids.Sort();
        var toSeg = new int[maxId + 1];
        for (int i = 0; i < ids.Count; i++) toSeg[ids[i]] = i + 1;
        var seg = new int[n];
        for (int i = 0; i < n; i++) seg[i] = toSeg[tra[i]];

        // Intensities: background and nuclei (brighter towards the centre) under an illumination gradient, plus noise.
        var bright = new double[maxId + 1];
        foreach (var c in _cells) bright[c.Id] = c.Brightness;
        var noise = new Rng(((ulong)_o.Seed << 20) ^ ((ulong)t * 0xD1B54A32D192ED03UL) ^ 0xA5A5A5A5UL);
        double sigma = _o.NoiseSigma * _scale, bg = _o.Background * _scale, max = _o.BitDepth == 16 ? 65535 : 255;
        var mat = new Mat(h, w, _o.BitDepth == 16 ? MatType.CV_16UC1 : MatType.CV_8UC1);
        var px16 = _o.BitDepth == 16 ? new ushort[n] : null;
        var px8 = _o.BitDepth == 8 ? new byte[n] : null;
        for (int i = 0; i < n; i += 2)
        {
            noise.NextGaussianPair(out double g0, out double g1);
            Pixel(i, g0);
            if (i + 1 < n) Pixel(i + 1, g1);
        }
        if (px16 is not null) mat.SetArray(px16);
        else mat.SetArray(px8!);

        int maxPresent = ids.Count > 0 ? ids[^1] : 0;
        return new SynthFrame(t, mat, new LabelImage(h, w, seg, ids.Count), new LabelImage(h, w, tra, maxPresent), ids.ToArray());

        void Pixel(int i, double g)
        {
            int l = tra[i];
            double v = bg;
            if (l != 0) v += bright[l] * _scale * (1 - 0.3 * q[i]);
            v = v * _illum[i] + sigma * g;
            v = Math.Clamp(Math.Round(v), 0, max);
            if (px16 is not null) px16[i] = (ushort)v;
            else px8![i] = (byte)v;
        }
    }
}

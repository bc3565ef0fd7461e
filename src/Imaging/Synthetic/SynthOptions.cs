namespace CellActors.Imaging;

/// <summary>
/// Options of the seeded synthetic fluorescence time-lapse (nuclei as moving, touching, dividing ellipses).
/// Intensities are in 16-bit units; for <see cref="BitDepth"/> 8 they are scaled by 1/4.
/// </summary>
/// <param name="Frames">Number of time points.</param>
/// <param name="Height">Rows per frame.</param>
/// <param name="Width">Columns per frame.</param>
/// <param name="InitialCells">Cells at t = 0 (about a third of them placed as touching pairs).</param>
/// <param name="Seed">Everything, noise included, follows from this seed.</param>
/// <param name="DivisionProbability">Per cell and frame, once a cell is <see cref="MinCycleFrames"/> old.</param>
/// <param name="NoiseSigma">Standard deviation of the additive Gaussian noise.</param>
/// <param name="Illumination">Relative amplitude of the linear illumination gradient (0 = flat).</param>
/// <param name="BitDepth">8 or 16: pixel type of the raw frames (ground truth is always uint16).</param>
/// <param name="Dataset">Dataset folder name.</param>
/// <param name="Sequence">Sequence folder name ("01").</param>
/// <param name="MeanRadius">Mean nucleus radius in pixels (semi-axes vary around it).</param>
/// <param name="Background">Background level.</param>
/// <param name="CellBrightnessMin">Lowest nucleus level above background.</param>
/// <param name="CellBrightnessMax">Highest nucleus level above background.</param>
/// <param name="StepSigma">Random-walk step per frame and axis, in pixels.</param>
/// <param name="Drift">Speed of each cell's constant drift, in pixels per frame.</param>
/// <param name="MaxCells">No division once this many cells live (0: three times <see cref="InitialCells"/>).</param>
/// <param name="MinCycleFrames">Frames a cell lives before it may divide.</param>
public sealed record SynthOptions(
    int Frames = 20,
    int Height = 256,
    int Width = 256,
    int InitialCells = 12,
    int Seed = 1,
    double DivisionProbability = 0.02,
    double NoiseSigma = 25,
    double Illumination = 0.3,
    int BitDepth = 16,
    string Dataset = "Synth-N2DH",
    string Sequence = "01",
    double MeanRadius = 10,
    double Background = 100,
    double CellBrightnessMin = 300,
    double CellBrightnessMax = 700,
    double StepSigma = 1.0,
    double Drift = 0.3,
    int MaxCells = 0,
    int MinCycleFrames = 8)
{
    /// <summary>Throws <see cref="ArgumentException"/> when the options cannot make a sequence.</summary>
    public void Validate()
    {
        if (Frames < 1) throw new ArgumentException($"Frames must be >= 1 (got {Frames})");
        if (Height < 8 || Width < 8) throw new ArgumentException($"frames must be at least 8x8 (got {Height}x{Width})");
        if (InitialCells < 0) throw new ArgumentException($"InitialCells must be >= 0 (got {InitialCells})");
        if (BitDepth is not (8 or 16)) throw new ArgumentException($"BitDepth must be 8 or 16 (got {BitDepth})");
        if (MeanRadius < 1.5) throw new ArgumentException($"MeanRadius must be >= 1.5 (got {MeanRadius})");
        if (DivisionProbability is < 0 or > 1) throw new ArgumentException($"DivisionProbability must be in [0, 1] (got {DivisionProbability})");
        if (NoiseSigma < 0) throw new ArgumentException($"NoiseSigma must be >= 0 (got {NoiseSigma})");
        if (string.IsNullOrWhiteSpace(Dataset) || string.IsNullOrWhiteSpace(Sequence))
            throw new ArgumentException("Dataset and Sequence must be non-empty folder names");
    }

    /// <summary>The effective division cap.</summary>
    public int EffectiveMaxCells => MaxCells > 0 ? MaxCells : Math.Max(3 * InitialCells, 3);
}

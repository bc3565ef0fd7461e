namespace CellActors.Imaging;

/// <summary>Which filter <see cref="Denoiser"/> applies.</summary>
public enum DenoiseMethod
{
    /// <summary>No filtering: a copy of the input.</summary>
    None,

    /// <summary>Median filter of <see cref="DenoiseOptions.KernelSize"/> (removes impulse noise, keeps edges).</summary>
    Median,

    /// <summary>Gaussian blur of <see cref="DenoiseOptions.Sigma"/> pixels.</summary>
    Gaussian,

    /// <summary>Subtracts a smooth background (white top-hat of radius <see cref="DenoiseOptions.BackgroundRadius"/>).</summary>
    BackgroundSubtract,
}

namespace CellActors.Reading;

/// <summary>What the tags of one TIFF directory (page) say, read without touching pixel data.</summary>
internal sealed record TiffPageInfo(
    int Width,
    int Height,
    int BitsPerSample,
    int SamplesPerPixel,
    int SampleFormat,
    int Photometric,
    int Compression,
    bool Tiled,
    long DataEnd,
    string? ImageDescription,
    int PlanarConfig = 1,
    long[]? SubIfds = null,
    double? XResolution = null,
    double? YResolution = null,
    int ResolutionUnit = 2);

namespace CellActors.Results.Formats;

/// <summary>One data row of an RLE CSV: the physical line it starts on (the header is line 1), its image, its RLE and the shape it states, if any.</summary>
public sealed record RleCsvRow(int Line, string ImageId, string EncodedPixels, int? Height, int? Width);

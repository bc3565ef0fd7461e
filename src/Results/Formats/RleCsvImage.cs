namespace CellActors.Results.Formats;

/// <summary>One image of an RLE CSV: its shape, its objects' RLE strings (in file order, empty rows dropped) and the line of each.</summary>
public sealed record RleCsvImage(string ImageId, int? Height, int? Width, IReadOnlyList<string> Rles, IReadOnlyList<int> Lines, int FirstLine);

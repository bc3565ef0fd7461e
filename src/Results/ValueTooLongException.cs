namespace CellActors.Results;

/// <summary>A value is longer than its column allows on this database: it is refused rather than truncated.</summary>
public sealed class ValueTooLongException(string message) : ArgumentException(message);

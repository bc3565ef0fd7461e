namespace CellActors.Messages;

/// <summary>A frame's pixel size in micrometres (x, y; z: between slices) and its time interval in seconds; null where unknown.</summary>
public sealed record PhysicalScale(double? SizeX, double? SizeY, double? SizeZ, double? TimeIncrement);

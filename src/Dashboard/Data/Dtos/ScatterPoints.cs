namespace CellActors.Dashboard.Data;

/// <summary>
/// Two measurements of a job's objects, one point per object (<c>[x, y, image index, label]</c>; objects where
/// either is NULL are left out). <see cref="Total"/> objects match; when they exceed the limit every
/// <see cref="Stride"/>-th one (in image_id, label order) is sent.
/// </summary>
public sealed record ScatterPoints(string X, string Y, long Total, int Stride, IReadOnlyList<string> Images, IReadOnlyList<double[]> Points);

namespace CellActors.Imaging.Tracking;

/// <summary>A candidate link of a sparse assignment problem: row, column and cost.</summary>
public readonly record struct AssignmentEdge(int Row, int Column, double Cost);

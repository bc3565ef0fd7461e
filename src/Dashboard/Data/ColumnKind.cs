namespace CellActors.Dashboard.Data;

/// <summary>Kind of a column's values: decides how a filter value is parsed.</summary>
public enum ColumnKind
{
    /// <summary>Whole numbers.</summary>
    Integer,

    /// <summary>Real numbers.</summary>
    Real,

    /// <summary>Text.</summary>
    Text,
}

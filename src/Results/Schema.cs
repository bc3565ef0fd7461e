namespace CellActors.Results;

/// <summary>
/// The results schema: its version and the bounds of its key columns. The tables themselves are defined by the numbered
/// migrations of <see cref="Sql.SchemaMigrations"/>, in the SQLite and the MariaDB/MySQL dialects (same tables, columns,
/// column order, keys and view). Keys make every write idempotent: job + image + object. On MariaDB/MySQL the key
/// columns are bounded VARCHARs (InnoDB keys are at most 3072 bytes; see <see cref="Limits"/>), every other text is
/// LONGTEXT, the collation is binary (ids that differ only in case stay distinct, and order like SQLite's), and the
/// store writes in strict SQL mode, so nothing is ever silently truncated.
/// </summary>
public static class Schema
{
    /// <summary>The newest schema version this program knows: the last of <see cref="Sql.SchemaMigrations.All"/>.</summary>
    public static int Version => Sql.SchemaMigrations.Latest;

    /// <summary>Maximum lengths (characters) of key columns on MariaDB/MySQL; longer values are refused with <see cref="ValueTooLongException"/>.</summary>
    public static class Limits
    {
        /// <summary><c>job</c>.</summary>
        public const int Job = 128;

        /// <summary><c>image_id</c>.</summary>
        public const int ImageId = 600;

        /// <summary><c>dataset</c>.</summary>
        public const int Dataset = 200;

        /// <summary><c>sequence</c>.</summary>
        public const int Sequence = 64;

        /// <summary><c>errors.uri</c> (part of the errors key; <c>frames.uri</c> and <c>inputs.uri</c> are unbounded).</summary>
        public const int ErrorUri = 600;

        /// <summary><c>stage</c>, <c>error_type</c>, <c>status</c>.</summary>
        public const int Code = 128;
    }
}

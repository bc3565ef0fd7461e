namespace CellActors.Dashboard.Data;

/// <summary>A request the dashboard refuses (bad parameter: 400, unknown thing: 404...), with a message for the caller.</summary>
public sealed class DashboardRequestException(int statusCode, string message) : Exception(message)
{
    /// <summary>HTTP status of the answer.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>A 400.</summary>
    public static DashboardRequestException BadRequest(string message) => new(400, message);

    /// <summary>A 404.</summary>
    public static DashboardRequestException NotFound(string message) => new(404, message);
}

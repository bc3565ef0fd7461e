using System.Text.Json;
using CellActors.Messages;

namespace CellActors.Results;

/// <summary>
/// The <c>inputs.channels</c> column: a frame's channel planes as JSON, <c>[{"Uri":"...","Page":0,"Name":"DAPI"}, ...]</c>;
/// NULL for a frame of one unnamed plane (its <c>uri</c> and <c>page</c>), as every frame before channels were read.
/// </summary>
public static class ManifestChannels
{
    /// <summary>The column value of <paramref name="channels"/> (null for none).</summary>
    public static string? Write(IReadOnlyList<ChannelPlane>? channels) => channels is null ? null : JsonSerializer.Serialize(channels);

    /// <summary>The planes stored in a column value (null for NULL).</summary>
    /// <exception cref="InvalidDataException">the value is not such a list.</exception>
    public static IReadOnlyList<ChannelPlane>? Read(string? value)
    {
        if (value is null) return null;
        try
        {
            return JsonSerializer.Deserialize<List<ChannelPlane>>(value) ?? throw new InvalidDataException("inputs.channels is JSON null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"inputs.channels is not a list of channel planes: {e.Message}", e);
        }
    }
}

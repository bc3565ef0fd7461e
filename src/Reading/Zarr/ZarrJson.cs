using System.Text.Json;
using CellActors.Imaging;
using CellActors.Storage;

namespace CellActors.Reading;

/// <summary>Reads Zarr's files through a storage: its small JSON documents (<c>.zarray</c>, <c>.zattrs</c>, <c>zarr.json</c>) and its chunks.</summary>
internal static class ZarrJson
{
    /// <summary>The whole file at <paramref name="file"/> (one request over WebHDFS), or null when there is none.</summary>
    public static byte[]? ReadFile(IFileStorage storage, string file)
    {
        try
        {
            if (storage.IsLocal) return File.Exists(file) ? File.ReadAllBytes(file) : null;
            using var s = storage.OpenRead(file);
            var bytes = new byte[s.Length];
            s.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The document at <paramref name="file"/>, or null when there is none; malformed JSON is <c>corrupt</c>, naming <paramref name="uri"/>.</summary>
    public static JsonElement? TryRead(IFileStorage storage, string file, string uri)
    {
        if (ReadFile(storage, file) is not { } bytes) return null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new BadInputException(uri, 0, "corrupt", $"{Path.GetFileName(file)} is not valid JSON: {e.Message}", e);
        }
    }
}

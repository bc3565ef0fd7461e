using System.Text.Json;
using CellActors.Imaging;
using CellActors.Storage;

namespace CellActors.Reading;

/// <summary>Reads Zarr's small JSON documents (<c>.zarray</c>, <c>.zattrs</c>, <c>zarr.json</c>) through a storage.</summary>
internal static class ZarrJson
{
    /// <summary>The document at <paramref name="file"/>, or null when there is none; malformed JSON is <c>corrupt</c>, naming <paramref name="uri"/>.</summary>
    public static JsonElement? TryRead(IFileStorage storage, string file, string uri)
    {
        byte[] bytes;
        try
        {
            if (storage.IsLocal)
            {
                if (!File.Exists(file)) return null;
                bytes = File.ReadAllBytes(file);
            }
            else
            {
                if (storage.Stat(file) is not { IsDirectory: false } entry) return null;
                using var s = storage.OpenRead(file, entry);
                bytes = new byte[s.Length];
                s.ReadExactly(bytes);
            }
        }
        catch (FileNotFoundException)
        {
            return null;
        }
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

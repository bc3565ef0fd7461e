namespace CellActors.Inference;

/// <summary>
/// The models shipped in the repository's <c>models/</c> folder. They are copied next to the executable at build time;
/// when running from a source tree, the <c>models/</c> folder of the current directory or one of its parents is used.
/// </summary>
public static class ShippedModels
{
    /// <summary>The folder of the shipped nucleus U-Net (<c>--segmenter unet</c>).</summary>
    public const string UNet = "unet-nuclei";

    /// <summary>The folder of the shipped cell and nucleus U-Net, the default segmenter (<c>--segmenter auto</c>).</summary>
    public const string Cells = "unet-cells";

    /// <summary>The places looked at for <c>models/<paramref name="name"/></c>, in order.</summary>
    public static IReadOnlyList<string> Candidates(string name)
    {
        var list = new List<string> { Path.Combine(AppContext.BaseDirectory, "models", name) };
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            list.Add(Path.Combine(dir.FullName, "models", name));
        return list;
    }

    /// <summary>The folder of shipped model <paramref name="name"/>; throws <see cref="ModelDescriptionException"/> naming the places looked at.</summary>
    public static string Resolve(string name)
    {
        var candidates = Candidates(name);
        foreach (var c in candidates)
            if (ModelDescriptions.DescriptionNames.Any(n => File.Exists(Path.Combine(c, n))))
                return c;
        throw new ModelDescriptionException(Path.Combine("models", name),
            $"the shipped model was not found (looked in {candidates[0]} and models/{name} of {Directory.GetCurrentDirectory()} and its parents); " +
            "reinstall CellActors with its models/ folder, or pass --segmenter onnx:PATH");
    }
}

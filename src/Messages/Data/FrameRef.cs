namespace CellActors.Messages;

/// <summary>
/// A reference to one 2D frame of the job, by its position in the job's manifest. Never pixels. <paramref name="Uri"/>
/// and <paramref name="Page"/> are its first channel's plane; <paramref name="Channels"/> lists every channel's plane,
/// in channel order, when there is more than that one plane or the metadata names it (null: one unnamed plane, as every
/// frame reference before channels were read had). <paramref name="Scale"/> is its physical size, null when unknown.
/// </summary>
public sealed record FrameRef(long Index, string Dataset, string Sequence, int T, int Z, string Uri, int Page, string ImageId,
    IReadOnlyList<ChannelPlane>? Channels = null, PhysicalScale? Scale = null)
{
    /// <summary>The planes that make the frame's channels: <see cref="Channels"/>, or the one plane at <see cref="Uri"/>/<see cref="Page"/>.</summary>
    public IReadOnlyList<ChannelPlane> Planes() => Channels ?? [new ChannelPlane(Uri, Page, null)];
}

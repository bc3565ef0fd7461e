using Akka.Configuration;
using Akka.Hosting;

namespace CellActors.Messages;

/// <summary>Registers <see cref="CellActorsSerializer"/> for every CellActors message: the one place every actor system (nodes, the one-process host, specs) gets it from.</summary>
public static class CellActorsSerialization
{
    /// <summary>Binds <see cref="CellActorsSerializer"/> to <see cref="ICellActorsMessage"/> (see <see cref="CellActorsSerializer.Hocon"/>).</summary>
    public static AkkaConfigurationBuilder WithCellActorsSerialization(this AkkaConfigurationBuilder akka)
    {
        ArgumentNullException.ThrowIfNull(akka);
        return akka.AddHocon(ConfigurationFactory.ParseString(CellActorsSerializer.Hocon), HoconAddMode.Prepend);
    }
}

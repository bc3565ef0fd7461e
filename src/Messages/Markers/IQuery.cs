namespace CellActors.Messages;

/// <summary>A question that gets an <see cref="IReply"/> (e.g. <see cref="GetJobStatus"/>).</summary>
public interface IQuery : ICellActorsMessage;

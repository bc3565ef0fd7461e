namespace CellActors.Messages;

/// <summary>An instruction (imperative name, e.g. <see cref="ProcessBatch"/>).</summary>
public interface ICommand : ICellActorsMessage;

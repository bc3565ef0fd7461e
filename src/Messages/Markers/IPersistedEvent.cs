namespace CellActors.Messages;

/// <summary>Something that happened (past tense, e.g. <see cref="BatchCompleted"/>), persisted by a persistent actor and replayed on recovery.</summary>
public interface IPersistedEvent : IPersisted;

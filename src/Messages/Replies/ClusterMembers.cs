namespace CellActors.Messages;

/// <summary>Answer to <see cref="GetClusterMembers"/>: the membership as the contact node <paramref name="AnsweredBy"/> sees it.</summary>
/// <param name="Members">Every member, ordered by address.</param>
/// <param name="Leader">The cluster leader's address, or null.</param>
/// <param name="Singleton">The oldest Up coordinator node (where the job manager singleton runs), or null.</param>
/// <param name="AnsweredBy">The address of the contact node that answered.</param>
public sealed record ClusterMembers(IReadOnlyList<ClusterMemberState> Members, string? Leader, string? Singleton, string AnsweredBy) : IReply;

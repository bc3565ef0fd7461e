namespace CellActors.Messages;

/// <summary>Answer to <see cref="LeaveMember"/> or <see cref="DownMember"/>: the contact node passed the request to the cluster.</summary>
public sealed record MemberChangeAccepted(string Address) : IReply;

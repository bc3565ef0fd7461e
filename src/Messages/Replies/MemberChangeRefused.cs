namespace CellActors.Messages;

/// <summary>Answer to <see cref="LeaveMember"/> or <see cref="DownMember"/> naming no member of the cluster.</summary>
public sealed record MemberChangeRefused(string Address, string Reason) : IReply;

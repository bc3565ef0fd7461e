using Akka.Actor;
using Akka.Cluster;
using CellActors.Messages;

namespace CellActors.Cluster;

/// <summary>
/// The membership service of a contact node (seed or coordinator; <c>/user/membership</c>, registered with the
/// ClusterClient receptionist): consoles, which are not members, read the membership through it
/// (<see cref="GetClusterMembers"/>) and make a member leave or mark it down (<see cref="LeaveMember"/>,
/// <see cref="DownMember"/>) with this node's <see cref="Akka.Cluster.Cluster"/>.
/// </summary>
public sealed class MembershipActor : ReceiveActor
{
    /// <summary>Its actor name, under <c>/user</c>.</summary>
    public const string Name = "membership";

    /// <summary>Props of the membership service.</summary>
    public static Props Props() => Akka.Actor.Props.Create(() => new MembershipActor());

    /// <summary>Answers membership questions and carries out leave and down with this node's cluster extension.</summary>
    public MembershipActor()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<GetClusterMembers>(_ => Sender.Tell(MembershipReport.Of(cluster.State, cluster.SelfAddress)));
        Receive<LeaveMember>(m => Sender.Tell(Change(cluster, m.Address, cluster.Leave)));
        Receive<DownMember>(m => Sender.Tell(Change(cluster, m.Address, cluster.Down)));
    }

    private static IReply Change(Akka.Cluster.Cluster cluster, string address, Action<Address> change)
    {
        Address target;
        try
        {
            target = Address.Parse(CellActorsCluster.SeedAddress(address));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            return new MemberChangeRefused(address, $"'{address}' is not a node address: {e.Message}");
        }
        if (!cluster.State.Members.Any(m => m.Address.Equals(target)))
            return new MemberChangeRefused(target.ToString(), $"{target} is not a member (see `cellactors cluster show`)");
        change(target);
        return new MemberChangeAccepted(target.ToString());
    }
}

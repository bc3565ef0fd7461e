using Xunit;

namespace CellActors.Cluster.Tests;

/// <summary>
/// The seed list of a seed node: every seed is given the same list, itself included; a lone seed lists itself; a list
/// without this seed is refused (the seed would never know it may form the cluster, nor the others that it is one).
/// </summary>
public sealed class SeedListSpecs
{
    [Fact]
    public void A_lone_seed_lists_itself_and_is_the_first()
    {
        var seeds = SeedList.For("127.0.0.1:4053", []);
        Assert.Equal(["akka.tcp://cellactors@127.0.0.1:4053"], seeds);
        Assert.True(SeedList.IsFirst("127.0.0.1:4053", seeds));
    }

    [Fact]
    public void Every_seed_keeps_the_whole_list_in_its_order_and_only_the_first_may_form_the_cluster()
    {
        string[] given = ["seed-0.seeds:4053", "akka.tcp://cellactors@seed-1.seeds:4053", "seed-2.seeds"];
        string[] expected = ["akka.tcp://cellactors@seed-0.seeds:4053", "akka.tcp://cellactors@seed-1.seeds:4053", "akka.tcp://cellactors@seed-2.seeds:4053"];
        Assert.Equal(expected, SeedList.For("seed-0.seeds:4053", given));
        Assert.Equal(expected, SeedList.For("seed-2.seeds:4053", given));
        Assert.True(SeedList.IsFirst("seed-0.seeds:4053", given));
        Assert.False(SeedList.IsFirst("seed-1.seeds:4053", given));
    }

    [Fact]
    public void A_list_that_leaves_this_seed_out_or_names_a_seed_twice_is_refused_with_the_reason()
    {
        var missing = Assert.Throws<ArgumentException>(() => SeedList.For("seed-2.seeds:4053", ["seed-0.seeds:4053", "seed-1.seeds:4053"]));
        Assert.Contains("akka.tcp://cellactors@seed-2.seeds:4053", missing.Message, StringComparison.Ordinal);
        Assert.Contains("not in its --seed list", missing.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<ArgumentException>(() => SeedList.For("a:1", ["a:1", "akka.tcp://cellactors@a:1"]));
        Assert.Contains("twice", twice.Message, StringComparison.Ordinal);
    }
}

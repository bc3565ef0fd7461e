using CellActors.TestSupport;
using Xunit;

namespace CellActors.Cli.Tests;

/// <summary>
/// <c>cellactors seed</c> (what <c>./cellactors-seed</c> runs): <c>--version</c> prints the build's version, a seed list
/// without this seed is refused in one line with exit 2, and a lone seed answers a console, which is not a member.
/// </summary>
public sealed class SeedCommandSpecs
{
    [Fact]
    public void Seed_version_prints_the_version_of_this_build_and_exits_0()
    {
        var r = CliProcess.Run("seed", "--version");
        Assert.True(r.ExitCode == 0, r.ToString());
        var line = Assert.Single(r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^cellactors seed \d+\.\d+\.\d+", line);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void A_seed_whose_list_leaves_it_out_exits_2_naming_itself_and_the_list()
    {
        var r = CliProcess.Run("seed", "--port", "4999", "--seed", "127.0.0.1:4998", "--seed", "127.0.0.1:4997");
        Assert.True(r.ExitCode == 2, r.ToString());
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: this seed (akka.tcp://cellactors@127.0.0.1:4999) is not in its --seed list", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:4998", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_seed_answers_cluster_show_and_the_console_is_not_a_member()
    {
        using var seed = SeedNode.Start();
        var r = CliProcess.RunWithTimeout(TimeSpan.FromMinutes(2), "cluster", "show", "--seed", seed.Address);
        Assert.True(r.ExitCode == 0, r + "\n" + seed.Output);
        var members = r.Stdout.Split('\n').Where(l => l.StartsWith("akka.tcp://", StringComparison.Ordinal)).ToList();
        var member = Assert.Single(members);
        Assert.Matches(@$"^akka\.tcp://cellactors@127\.0\.0\.1:{seed.Port}\s+Up\s+yes\s+contact,seed \(answered\)", member);
        Assert.Contains("a lone seed: forms the cluster", seed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_seed_serves_health_and_metrics_and_is_ready_once_it_is_an_Up_member()
    {
        var mport = FreePort.Next();
        using var seed = SeedNode.Start("--management", $"127.0.0.1:{mport}", "--log-format", "json");
        using var probe = new ManagementProbe(mport);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (probe.Status("health/ready") != 200 && DateTime.UtcNow < deadline) Thread.Sleep(250);
        Assert.True(probe.Status("health/ready") == 200, seed.Output);
        Assert.Equal(200, probe.Status("health/live"));
        var metrics = probe.Metrics();
        Assert.NotNull(metrics);
        Assert.Contains("# TYPE", metrics, StringComparison.Ordinal);
        Assert.Contains($"management: http://127.0.0.1:{mport}/health/ready", seed.Output, StringComparison.Ordinal);
    }
}

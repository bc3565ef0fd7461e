using CellActors.Messages;
using Xunit;

namespace CellActors.Results.Tests;

/// <summary>The statuses the results tables hold are the literals every earlier version wrote.</summary>
public sealed class StoredStatusSpecs
{
    [Fact]
    public void Run_statuses_are_stored_as_the_old_literals()
    {
        Assert.Equal(["running", "completed", "interrupted", "cancelled", "failed"], StoredNames.All<RunStatus>().Select(s => s.Name));
        Assert.All(StoredNames.All<RunStatus>(), s => Assert.Equal(s.Value, StoredNames.Parse<RunStatus>(s.Name)));
    }
}

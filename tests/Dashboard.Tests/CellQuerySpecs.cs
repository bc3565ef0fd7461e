using CellActors.Dashboard.Data;
using Xunit;

namespace CellActors.Dashboard.Tests;

/// <summary>The cell table's request validation: only whitelisted SQL, typed parameters, bounded pages.</summary>
public sealed class CellQuerySpecs
{
    private static CellQuery Parse(string[] filters, string? sort = null, string? dir = null, string? page = null, string? size = null) =>
        CellQuery.Parse(filters, sort, dir, page, size, 500);

    [Fact]
    public void Filters_become_catalogue_columns_and_typed_parameters()
    {
        var q = Parse(["area:gt:100", "t:le:5", "image_id:contains:50%_off!", "track_id:notnull"], "eccentricity", "desc", "3", "20");
        var (sql, ps) = q.Where();
        Assert.Equal("o.job = @job AND o.area > @f0 AND f.t <= @f1 AND o.image_id LIKE @f2 ESCAPE '!' AND o.track_id IS NOT NULL", sql);
        Assert.Equal(100L, ps[0].Value);
        Assert.Equal(5L, ps[1].Value);
        Assert.Equal("%50!%!_off!!%", ps[2].Value);
        Assert.Equal("o.eccentricity DESC, o.image_id DESC, o.label DESC", q.OrderBy());
        Assert.True(q.NeedsFrames);
        Assert.Equal((3, 20), (q.Page, q.Size));
        Assert.False(Parse(["area:gt:1"]).NeedsFrames);
    }

    [Theory]
    [InlineData("rle:eq:1")]
    [InlineData("o.area:gt:1")]
    [InlineData("area:gt:1; DROP TABLE objects")]
    [InlineData("area:gt:NaN")]
    [InlineData("area:gt:Infinity")]
    [InlineData("label:eq:1.5")]
    [InlineData("area:contains:1")]
    [InlineData("area:notnull")]
    [InlineData("area:between:1")]
    [InlineData("area")]
    public void Unknown_columns_operators_and_untyped_values_are_refused(string filter)
    {
        var ex = Assert.Throws<DashboardRequestException>(() => Parse([filter]));
        Assert.Equal(400, ex.StatusCode);
    }

    [Theory]
    [InlineData("area DESC", null, null, null)]
    [InlineData(null, "up", null, null)]
    [InlineData(null, null, "0", null)]
    [InlineData(null, null, "-1", null)]
    [InlineData(null, null, null, "501")]
    [InlineData(null, null, null, "0")]
    [InlineData(null, null, null, "ten")]
    public void Bad_sort_direction_and_paging_are_refused(string? sort, string? dir, string? page, string? size)
    {
        var ex = Assert.Throws<DashboardRequestException>(() => Parse([], sort, dir, page, size));
        Assert.Equal(400, ex.StatusCode);
    }

    [Fact]
    public void Too_many_filters_are_refused()
    {
        Assert.Throws<DashboardRequestException>(() => Parse(Enumerable.Repeat("area:gt:1", CellQuery.MaxFilters + 1).ToArray()));
    }
}

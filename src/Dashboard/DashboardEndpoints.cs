using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using CellActors.Dashboard.Data;
using CellActors.Dashboard.Rendering;
using CellActors.Imaging;
using CellActors.Reading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace CellActors.Dashboard;

/// <summary>
/// Registers the dashboard's services, pages and JSON API on an ASP.NET Core application; used by
/// <see cref="DashboardHost"/> (<c>cellactors serve</c>) and meant for the cluster coordinator's own web host.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Registers the dashboard's services: options, queries, JSON settings and the OpenAPI document.</summary>
    public static IServiceCollection AddCellActorsDashboard(this IServiceCollection services, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Token)) throw new ArgumentException("the job control token must not be empty", nameof(options));
        if (options.MaxPageSize is < 1 or > DashboardOptions.MaxPageSizeLimit)
            throw new ArgumentException($"MaxPageSize must be 1..{DashboardOptions.MaxPageSizeLimit}", nameof(options));
        services.AddSingleton(options);
        var queries = new DashboardQueries(options.Database);
        services.AddSingleton(queries);
        services.AddSingleton(new ViewerQueries(options.Database, queries));
        services.ConfigureHttpJsonOptions(j =>
        {
            j.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
            j.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "CellActors dashboard API";
            doc.Info.Description = "Read-only access to a results database (jobs, time series, frames, cells, tracks, errors) and token-protected job control.";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>
    /// Maps the pages (<c>/</c>, <c>/*.html</c>, <c>/assets/*</c>), the JSON API (<c>/api/*</c>) and the OpenAPI
    /// document (<c>/openapi/v1.json</c>), behind the dashboard's security middleware (Host check, path traversal
    /// refusal, security headers, errors as JSON). Call after <see cref="AddCellActorsDashboard"/>.
    /// </summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<DashboardOptions>();
        app.Use((ctx, next) => Guard(ctx, next, options));
        app.MapOpenApi("/openapi/{documentName}.json");
        MapPages(app);
        MapApi(app.MapGroup("/api").AddEndpointFilter(async (ic, next) =>
        {
            try
            {
                return await next(ic).ConfigureAwait(false);
            }
            catch (DashboardRequestException ex)
            {
                return HttpResults.Json(new ApiError(ex.Message), statusCode: ex.StatusCode);
            }
        }));
        return app;
    }

    private static async Task Guard(HttpContext ctx, Func<Task> next, DashboardOptions options)
    {
        var res = ctx.Response;
        res.Headers.XContentTypeOptions = "nosniff";
        res.Headers.XFrameOptions = "DENY";
        res.Headers["Referrer-Policy"] = "no-referrer";
        res.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

        if (options.AllowedHosts is { } hosts && !hosts.Contains(ctx.Request.Host.Host, StringComparer.OrdinalIgnoreCase))
        {
            await Refuse(ctx, 400, $"host '{ctx.Request.Host.Host}' is not served here").ConfigureAwait(false);
            return;
        }

        // The target as the client sent it: dot segments and encoded separators are refused before routing (Kestrel
        // would resolve them), whatever the route; no URL ever becomes a file path, this is a second wall.
        var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? ctx.Request.Path.Value ?? "";
        var rawPath = raw.Split('?', 2)[0];
        var decoded = Uri.UnescapeDataString(Uri.UnescapeDataString(rawPath));
        if (decoded.Contains("..", StringComparison.Ordinal) || decoded.Contains('\\') || decoded.Contains('\0')
            || rawPath.Contains("%2f", StringComparison.OrdinalIgnoreCase) || rawPath.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            await Refuse(ctx, 400, "path traversal refused").ConfigureAwait(false);
            return;
        }
        await next().ConfigureAwait(false);
    }

    private static Task Refuse(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new ApiError(message));
    }

    private static void MapPages(WebApplication app)
    {
        app.MapGet("/", (HttpContext ctx) => Asset(ctx, "index.html")).ExcludeFromDescription();
        app.MapGet("/{page}.html", (HttpContext ctx, string page) => Asset(ctx, page + ".html")).ExcludeFromDescription();
        app.MapGet("/assets/{*file}", (HttpContext ctx, string file) => Asset(ctx, "assets/" + file)).ExcludeFromDescription();
    }

    private static IResult Asset(HttpContext ctx, string name)
    {
        var a = StaticAssets.Find(name);
        if (a is null) return HttpResults.Json(new ApiError("not found"), statusCode: 404);
        ctx.Response.Headers.ETag = a.ETag;
        ctx.Response.Headers.CacheControl = "no-cache";
        if (ctx.Request.Headers.IfNoneMatch == a.ETag) return HttpResults.StatusCode(304);
        return HttpResults.Bytes(a.Content, a.ContentType);
    }

    private static IJobControl? Control(HttpContext ctx) => ctx.RequestServices.GetService<IJobControl>();

    private static int? OptInt(string? s, string name, int min, int max)
    {
        if (string.IsNullOrEmpty(s)) return null;
        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw DashboardRequestException.BadRequest($"{name} must be a whole number from {min} to {max} (got '{(s.Length > 32 ? s[..32] : s)}')");
        return v;
    }

    private static string Required(string? s, string name) =>
        string.IsNullOrEmpty(s) ? throw DashboardRequestException.BadRequest($"{name} is required") : s;

    private static void MapApi(RouteGroupBuilder api)
    {
        api.MapGet("/jobs", async (HttpContext ctx, DashboardQueries q, CancellationToken ct) =>
        {
            var control = Control(ctx);
            return HttpResults.Ok(await q.JobsAsync(j => control?.IsLive(j) ?? false, ct).ConfigureAwait(false));
        }).WithName("ListJobs").WithSummary("Progress of every job: frames done, objects, errors, throughput, ETA.")
          .Produces<IReadOnlyList<JobSummary>>();

        api.MapGet("/jobs/{job}", async (HttpContext ctx, string job, DashboardQueries q, CancellationToken ct) =>
        {
            var control = Control(ctx);
            var live = control?.IsLive(job) ?? false;
            return HttpResults.Ok(await q.JobAsync(job, live, live ? control!.Live(job) : null, ct).ConfigureAwait(false));
        }).WithName("GetJob").WithSummary("A job's progress, runs, throughput over time, sequences and live state (under a coordinator).")
          .Produces<JobDetail>().Produces<ApiError>(404);

        api.MapGet("/schema", (DashboardOptions o) => HttpResults.Ok(new
        {
            columns = CellQuery.Columns.Select(c => new { name = c.Name, kind = c.Kind.ToString().ToLowerInvariant(), nullable = c.Nullable }),
            measures = CellQuery.Measures.Select(c => c.Name),
            operators = CellQuery.Operators.Keys,
            maxPageSize = o.MaxPageSize,
        })).WithName("GetSchema").WithSummary("Columns of the cell table, histogram measures, filter operators and the largest page size.");

        api.MapGet("/jobs/{job}/timeseries", async (string job, string? dataset, string? sequence, DashboardQueries q, CancellationToken ct) =>
            HttpResults.Ok(await q.TimeSeriesAsync(job, Required(dataset, "dataset"), Required(sequence, "sequence"), ct).ConfigureAwait(false)))
          .WithName("GetTimeSeries").WithSummary("Cell count, mean cell area and cell ratio per t of one sequence (z summed).")
          .Produces<TimeSeries>().Produces<ApiError>(400).Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/histogram", async (string job, string? measure, string? dataset, string? sequence, string? t, string? bins, DashboardQueries q, CancellationToken ct) =>
        {
            var m = CellQuery.Measure(string.IsNullOrEmpty(measure) ? "area" : measure);
            var b = OptInt(bins, "bins", 1, 200) ?? 40;
            return HttpResults.Ok(await q.HistogramAsync(job, m, NullIfEmpty(dataset), NullIfEmpty(sequence), OptInt(t, "t", 0, int.MaxValue), b, ct).ConfigureAwait(false));
        }).WithName("GetHistogram").WithSummary("Histogram of an object measurement (bins 1..200), optionally of one sequence and time point.")
          .Produces<Histogram>().Produces<ApiError>(400).Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/frames", async (string job, string? dataset, string? sequence, DashboardQueries q, CancellationToken ct) =>
            HttpResults.Ok(await q.FramesAsync(job, Required(dataset, "dataset"), Required(sequence, "sequence"), ct).ConfigureAwait(false)))
          .WithName("ListFrames").WithSummary("The frames of a sequence in (t, z) order.").Produces<IReadOnlyList<FrameEntry>>().Produces<ApiError>(400);

        api.MapGet("/jobs/{job}/frame", async (string job, string? image_id, DashboardQueries q, CancellationToken ct) =>
            HttpResults.Ok(await q.FrameAsync(job, Required(image_id, "image_id"), ct).ConfigureAwait(false)))
          .WithName("GetFrame").WithSummary("A frame's row of the frames table.").Produces<FrameInfo>().Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/frame/image", async (HttpContext ctx, string job, string? image_id, string? outlines, string? selected, DashboardQueries q, CancellationToken ct) =>
        {
            var id = Required(image_id, "image_id");
            var sel = OptInt(selected, "selected", 1, int.MaxValue);
            var (frame, objects) = await q.FrameMasksAsync(job, id, ct).ConfigureAwait(false);
            var (uri, page) = await q.ImageFileAsync(job, id, ct).ConfigureAwait(false);
            var path = RecordedFile(uri);
            byte[] png;
            try
            {
                using var raw = FrameReader.ReadPlane(path, page);
                if (raw.Rows != frame.Height || raw.Cols != frame.Width)
                    throw DashboardRequestException.NotFound($"image {id} is {raw.Rows}x{raw.Cols} now, the job recorded {frame.Height}x{frame.Width}: the file changed");
                var masks = outlines is "0" or "false" ? [] : objects.Select(o => new MaskOutline(o.Label, o.Rle, o.TrackId)).ToList();
                png = FrameRenderer.RenderPng(raw, masks, sel);
            }
            catch (BadInputException ex)
            {
                throw new DashboardRequestException(404, $"image {id} cannot be read now: {ex.ErrorType}");
            }
            ctx.Response.Headers.CacheControl = "private, max-age=60";
            return HttpResults.File(png, "image/png");
        }).WithName("GetFrameImage").WithSummary("The raw frame, contrast-stretched, with mask outlines (coloured by track), as PNG. Only files recorded by the job are read, chosen by image_id.")
          .Produces(200, contentType: "image/png").Produces<ApiError>(400).Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/frame/pixels", async (HttpContext ctx, string job, string? image_id, DashboardQueries q, CancellationToken ct) =>
        {
            var id = Required(image_id, "image_id");
            var frame = await q.FrameAsync(job, id, ct).ConfigureAwait(false);
            var (uri, page) = await q.ImageFileAsync(job, id, ct).ConfigureAwait(false);
            var path = RecordedFile(uri);
            RawPlane plane;
            try
            {
                using var raw = FrameReader.ReadPlane(path, page);
                if (raw.Rows != frame.Height || raw.Cols != frame.Width)
                    throw DashboardRequestException.NotFound($"image {id} is {raw.Rows}x{raw.Cols} now, the job recorded {frame.Height}x{frame.Width}: the file changed");
                plane = RawPlane.From(raw);
            }
            catch (BadInputException ex)
            {
                throw new DashboardRequestException(404, $"image {id} cannot be read now: {ex.ErrorType}");
            }
            ctx.Response.Headers.CacheControl = "private, max-age=60";
            ctx.Response.Headers["X-Pixel-Type"] = plane.Type;
            ctx.Response.Headers["X-Height"] = plane.Height.ToString(CultureInfo.InvariantCulture);
            ctx.Response.Headers["X-Width"] = plane.Width.ToString(CultureInfo.InvariantCulture);
            return HttpResults.Bytes(plane.Data, "application/octet-stream");
        }).WithName("GetFramePixels").WithSummary("The raw frame's samples, unchanged (X-Pixel-Type uint8, uint16 or float32; X-Height, X-Width), row-major little-endian, for contrast and lookup tables in the page. Only files recorded by the job are read.")
          .Produces(200, contentType: "application/octet-stream").Produces<ApiError>(400).Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/frame/objects", async (string job, string? image_id, ViewerQueries v, CancellationToken ct) =>
            HttpResults.Ok(await v.ObjectsAsync(job, Required(image_id, "image_id"), ct).ConfigureAwait(false)))
          .WithName("GetFrameObjects").WithSummary("A frame's masks: label, track and RLE (column-major, 1-based) of each object.")
          .Produces<FrameObjects>().Produces<ApiError>(400).Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/frame/groundtruth", async (string job, string? image_id, ViewerQueries v, CancellationToken ct) =>
            HttpResults.Ok(await v.GroundTruthAsync(job, Required(image_id, "image_id"), ct).ConfigureAwait(false)))
          .WithName("GetFrameGroundTruth").WithSummary("The ground-truth objects (import ctc-gt: SEG masks, TRA markers) annotating a frame, with their RLE; none when nothing was imported.")
          .Produces<GroundTruthObjects>().Produces<ApiError>(400).Produces<ApiError>(404);

        api.MapGet("/groundtruth", async (string? dataset, string? sequence, ViewerQueries v, CancellationToken ct) =>
            HttpResults.Ok(await v.GroundTruthImportsAsync(Required(dataset, "dataset"), Required(sequence, "sequence"), ct).ConfigureAwait(false)))
          .WithName("ListGroundTruth").WithSummary("The ground truths imported (import ctc-gt) for a dataset and sequence.")
          .Produces<IReadOnlyList<GroundTruthImport>>().Produces<ApiError>(400);

        api.MapGet("/jobs/{job}/scatter", async (string job, string? x, string? y, string? dataset, string? sequence, string? image_id, string? limit, ViewerQueries v, CancellationToken ct) =>
        {
            var mx = CellQuery.Measure(Required(x, "x"));
            var my = CellQuery.Measure(Required(y, "y"));
            var n = OptInt(limit, "limit", 1, ViewerQueries.MaxScatterLimit) ?? ViewerQueries.DefaultScatterLimit;
            return HttpResults.Ok(await v.ScatterAsync(job, mx, my, NullIfEmpty(dataset), NullIfEmpty(sequence), NullIfEmpty(image_id), n, ct).ConfigureAwait(false));
        }).WithName("GetScatter").WithSummary($"Two object measurements, one point [x, y, image index, label] per object (optionally of one sequence or one frame); at most limit points (default {ViewerQueries.DefaultScatterLimit}, every k-th beyond).")
          .Produces<ScatterPoints>().Produces<ApiError>(400).Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/frame/hit", async (string job, string? image_id, string? x, string? y, DashboardQueries q, CancellationToken ct) =>
        {
            var id = Required(image_id, "image_id");
            var px = OptInt(Required(x, "x"), "x", 0, 1 << 20)!.Value;
            var py = OptInt(Required(y, "y"), "y", 0, 1 << 20)!.Value;
            var frame = await q.FrameAsync(job, id, ct).ConfigureAwait(false);
            if (px >= frame.Width || py >= frame.Height) throw DashboardRequestException.BadRequest($"({px}, {py}) is outside the {frame.Width}x{frame.Height} frame");
            foreach (var (label, rle) in await q.ObjectsAtAsync(job, id, px, py, ct).ConfigureAwait(false))
            {
                if (RleCovers(rle, frame.Height, px, py)) return HttpResults.Ok(await q.CellAsync(job, id, label, ct).ConfigureAwait(false));
            }
            return HttpResults.Json(new ApiError($"no cell at ({px}, {py})"), statusCode: 404);
        }).WithName("HitTest").WithSummary("The cell under pixel (x, y) of a frame, with its track.").Produces<CellDetail>().Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/cell", async (string job, string? image_id, string? label, DashboardQueries q, CancellationToken ct) =>
            HttpResults.Ok(await q.CellAsync(job, Required(image_id, "image_id"), OptInt(Required(label, "label"), "label", 1, int.MaxValue)!.Value, ct).ConfigureAwait(false)))
          .WithName("GetCell").WithSummary("One object's row (without its RLE, with its length) and its track.").Produces<CellDetail>().Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/cells", async (HttpContext ctx, string job, DashboardOptions o, DashboardQueries q, CancellationToken ct) =>
            HttpResults.Ok(await q.CellsAsync(job, ParseCellQuery(ctx, o), ct).ConfigureAwait(false)))
          .WithName("ListCells")
          .WithSummary("A page of the cell table. filter=column:op:value (repeatable; op eq, ne, lt, le, gt, ge, contains, null, notnull), sort=column, dir=asc|desc, page>=1, size<=max.")
          .Produces<TablePage>().Produces<ApiError>(400).Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/cells.csv", async (HttpContext ctx, string job, DashboardOptions o, DashboardQueries q, CancellationToken ct) =>
        {
            var query = ParseCellQuery(ctx, o);
            var names = await q.JobNamesAsync(ct).ConfigureAwait(false);
            if (!names.Contains(job)) throw DashboardRequestException.NotFound($"no job '{job}'");
            return HttpResults.Stream(s => q.WriteCellsCsvAsync(job, query, s, ct), "text/csv; charset=utf-8", SafeFileName(job) + "-cells.csv");
        }).WithName("DownloadCellsCsv").WithSummary("Every row matching the cell table's filter and sort, with RLE, streamed as CSV (page and size are ignored).")
          .Produces(200, contentType: "text/csv").Produces<ApiError>(400).Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/tracks", async (string job, string? roots, string? sequence, string? page, string? size, DashboardOptions o, DashboardQueries q, CancellationToken ct) =>
        {
            var (p, s) = CellQuery.Paging(page, size, 50, o.MaxPageSize);
            return HttpResults.Ok(await q.TracksAsync(job, roots is "1" or "true", NullIfEmpty(sequence), p, s, ct).ConfigureAwait(false));
        }).WithName("ListTracks").WithSummary("A page of the tracks table (roots=1: tracks without a parent).").Produces<ItemPage<TrackInfo>>().Produces<ApiError>(400);

        api.MapGet("/jobs/{job}/tracks/{trackId:long}/lineage", async (string job, long trackId, DashboardQueries q, CancellationToken ct) =>
            HttpResults.Ok(await q.LineageAsync(job, trackId, ct).ConfigureAwait(false)))
          .WithName("GetLineage").WithSummary("A track's ancestors (root first), descendants (capped) and its objects over t.").Produces<Lineage>().Produces<ApiError>(404);

        api.MapGet("/jobs/{job}/errors", async (string job, string? page, string? size, DashboardOptions o, DashboardQueries q, CancellationToken ct) =>
        {
            var (p, s) = CellQuery.Paging(page, size, 100, o.MaxPageSize);
            return HttpResults.Ok(await q.ErrorsAsync(job, p, s, ct).ConfigureAwait(false));
        }).WithName("ListErrors").WithSummary("A page of the inputs that could not be processed.").Produces<ItemPage<ErrorInfo>>().Produces<ApiError>(400);

        foreach (var action in new[] { "pause", "resume", "cancel" })
        {
            api.MapPost("/jobs/{job}/control/" + action, (HttpContext ctx, string job, DashboardOptions o, CancellationToken ct) => ControlAsync(ctx, job, action, o, ct))
              .WithName("ControlJob" + char.ToUpperInvariant(action[0]) + action[1..])
              .WithSummary($"{char.ToUpperInvariant(action[0]) + action[1..]} a live job. Needs Authorization: Bearer <token>; 409 when no live job runs in this process.")
              .Produces<JobControlOutcome>().Produces<ApiError>(401).Produces<ApiError>(409);
        }
    }

    private static async Task<IResult> ControlAsync(HttpContext ctx, string job, string action, DashboardOptions o, CancellationToken ct)
    {
        if (!HasToken(ctx, o.Token))
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer";
            return HttpResults.Json(new ApiError("job control needs the dashboard's token: Authorization: Bearer <token>"), statusCode: 401);
        }
        var control = Control(ctx);
        if (control is null || !control.IsLive(job)) return HttpResults.Json(new ApiError($"no live job '{job}' in this process"), statusCode: 409);
        var outcome = action switch
        {
            "pause" => await control.PauseAsync(job, ct).ConfigureAwait(false),
            "resume" => await control.ResumeAsync(job, ct).ConfigureAwait(false),
            _ => await control.CancelAsync(job, ct).ConfigureAwait(false),
        };
        return outcome.Accepted ? HttpResults.Ok(outcome) : HttpResults.Json(outcome, statusCode: 409);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static CellQuery ParseCellQuery(HttpContext ctx, DashboardOptions o)
    {
        var qs = ctx.Request.Query;
        return CellQuery.Parse(qs["filter"].Where(s => s is not null)!, qs["sort"], qs["dir"], qs["page"], qs["size"], o.MaxPageSize);
    }

    private static string SafeFileName(string s) => new(s.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());

    /// <summary>Whether the request carries <c>Authorization: Bearer &lt;token&gt;</c> with the right token (constant-time compare).</summary>
    public static bool HasToken(HttpContext ctx, string token)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var given = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(token);
        return given.Length == expected.Length && CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>A file path recorded by the job, checked: absolute, no dot segments, a regular file.</summary>
    private static string RecordedFile(string uri)
    {
        if (uri.Contains("://", StringComparison.Ordinal)) throw DashboardRequestException.NotFound("only local image files can be shown");
        if (!Path.IsPathFullyQualified(uri) || uri.Split('/', '\\').Any(seg => seg == ".."))
            throw DashboardRequestException.NotFound("the recorded image path is not an absolute path");
        var info = new FileInfo(uri);
        if (!info.Exists || info.Attributes.HasFlag(FileAttributes.Directory)) throw DashboardRequestException.NotFound("the recorded image file is gone");
        return info.FullName;
    }

    /// <summary>Whether the column-major, 1-based RLE covers pixel (x, y) of a frame with <paramref name="height"/> rows.</summary>
    public static bool RleCovers(string rle, int height, int x, int y)
    {
        ArgumentNullException.ThrowIfNull(rle);
        long target = (long)x * height + y + 1;
        var parts = rle.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)) return false;
            if (target < start) return false;
            if (target < start + length) return true;
        }
        return false;
    }
}

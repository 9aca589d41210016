using FastEndpoints;
using Features.Host.Errors;
using Features.Host.Security;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Features.Versions;

public sealed class Request
{
    [BindFrom("feature_id")]
    public Guid FeatureId { get; set; }
    public string? Symbol { get; set; }
    public string? Timeframe { get; set; }
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts) : Endpoint<Request, List<FeatureDatasetRead>>
{
    public override void Configure()
    {
        Get("/api/v1/features/{feature_id:guid}/versions");
        Policies(Access.Reader);
        Description(d => d.WithTags("generation").ProducesProblemDetails(404));
        Summary(s => s.Summary = "Dataset versions of a feature, oldest first; filter by symbol (timeframe defaults to 1d when a symbol is given)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var timeframe = req.Timeframe ?? (req.Symbol is null ? null : "1d");
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Features.AnyAsync(f => f.Id == req.FeatureId, ct)) throw ProblemException.NotFound("Feature not found");
        var query = db.Datasets.AsNoTracking().Where(d => d.FeatureId == req.FeatureId);
        if (req.Symbol is not null) query = query.Where(d => d.Symbol == req.Symbol);
        if (timeframe is not null) query = query.Where(d => d.Timeframe == timeframe);
        var rows = await query.ToListAsync(ct);
        await Send.OkAsync([.. rows.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Select(FeatureDatasetRead.From)], ct);
    }
}

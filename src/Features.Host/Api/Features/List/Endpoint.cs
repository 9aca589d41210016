using FastEndpoints;
using Features.Host.Configuration;
using Features.Host.Errors;
using Features.Host.Security;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Features.List;

public sealed class Request
{
    public int Skip { get; set; }
    public int Limit { get; set; } = 100;
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts, FeaturesOptions options) : Endpoint<Request, List<FeatureRead>>
{
    public override void Configure()
    {
        Get("/api/v1/features");
        Policies(Access.Reader);
        Description(d => d.WithTags("features"));
        Summary(s => s.Summary = "List feature definitions, oldest first");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.Skip < 0) throw ProblemException.Invalid("skip", $"must be 0 or more; got {req.Skip}");
        var max = options.Limits.MaxListLimit;
        if (req.Limit < 1 || req.Limit > max) throw ProblemException.Invalid("limit", $"must be between 1 and {max}; got {req.Limit}");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Features.AsNoTracking().OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).Skip(req.Skip).Take(req.Limit).ToListAsync(ct);
        await Send.OkAsync([.. rows.Select(FeatureRead.From)], ct);
    }
}

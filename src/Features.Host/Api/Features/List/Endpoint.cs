using FastEndpoints;
using Features.Host.Security;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Features.List;

public sealed class Request
{
    public int Skip { get; set; }
    public int Limit { get; set; } = 100;
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts) : Endpoint<Request, List<FeatureRead>>
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
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Features.AsNoTracking().OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).Skip(req.Skip).Take(req.Limit).ToListAsync(ct);
        await Send.OkAsync([.. rows.Select(FeatureRead.From)], ct);
    }
}

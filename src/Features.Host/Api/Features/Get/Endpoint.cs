using FastEndpoints;
using Features.Host.Errors;
using Features.Host.Security;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Features.Get;

public sealed class Request
{
    [BindFrom("feature_id")]
    public Guid FeatureId { get; set; }
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts) : Endpoint<Request, FeatureRead>
{
    public override void Configure()
    {
        Get("/api/v1/features/{feature_id:guid}");
        Policies(Access.Reader);
        Description(d => d.WithTags("features").ProducesProblemDetails(404));
        Summary(s => s.Summary = "One feature definition");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Features.AsNoTracking().SingleOrDefaultAsync(f => f.Id == req.FeatureId, ct)
                  ?? throw ProblemException.NotFound("Feature not found");
        await Send.OkAsync(FeatureRead.From(row), ct);
    }
}

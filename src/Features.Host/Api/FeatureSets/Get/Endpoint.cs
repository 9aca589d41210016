using FastEndpoints;
using Features.Host.Security;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.FeatureSets.Get;

public sealed class Request
{
    [BindFrom("feature_set_id")]
    public Guid FeatureSetId { get; set; }
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts) : Endpoint<Request, FeatureSetRead>
{
    public override void Configure()
    {
        Get("/api/v1/feature-sets/{feature_set_id:guid}");
        Policies(Access.Reader);
        Description(d => d.WithTags("feature-sets").ProducesProblemDetails(404));
        Summary(s => s.Summary = "One feature set");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.FeatureSets.AsNoTracking().SingleOrDefaultAsync(s => s.Id == req.FeatureSetId, ct) ?? throw FeatureSetRules.NotFound();
        await Send.OkAsync(FeatureSetRead.From(row), ct);
    }
}

using FastEndpoints;
using Features.Host.Security;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.FeatureSets.Delete;

public sealed class Request
{
    [BindFrom("feature_set_id")]
    public Guid FeatureSetId { get; set; }
}

/// <summary>Deletes the set only: its features and their datasets stay.</summary>
internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/api/v1/feature-sets/{feature_set_id:guid}");
        Policies(Access.Writer);
        Description(d => d.WithTags("feature-sets").Produces(204).ProducesProblemDetails(404));
        Summary(s => s.Summary = "Delete a feature set (its features and datasets stay)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var deleted = await db.FeatureSets.Where(s => s.Id == req.FeatureSetId).ExecuteDeleteAsync(ct);
        if (deleted == 0) throw FeatureSetRules.NotFound();
        await Send.NoContentAsync(ct);
    }
}

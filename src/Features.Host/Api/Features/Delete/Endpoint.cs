using FastEndpoints;
using Features.Host.Errors;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Storage.Objects;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Features.Delete;

public sealed class Request
{
    [BindFrom("feature_id")]
    public Guid FeatureId { get; set; }
}

/// <summary>Deletes the definition and its dataset rows, then (best effort) the objects no other dataset references.</summary>
internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts, IObjectStore objects, ILogger<Endpoint> logger) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/api/v1/features/{feature_id:guid}");
        Policies(Access.Admin);
        Description(d => d.WithTags("features").Produces(204).ProducesProblemDetails(404));
        Summary(s => s.Summary = "Delete a feature definition and its datasets");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Features.SingleOrDefaultAsync(f => f.Id == req.FeatureId, ct)
                  ?? throw ProblemException.NotFound("Feature not found");
        var keys = await db.Datasets.Where(d => d.FeatureId == row.Id).Select(d => d.ObjectKey).ToListAsync(ct);
        await db.Datasets.Where(d => d.FeatureId == row.Id).ExecuteDeleteAsync(ct);
        db.Features.Remove(row);
        await db.SaveChangesAsync(ct);
        // Identical inputs hash alike, so two features can share an object: keep the ones still referenced.
        var shared = await db.Datasets.Where(d => keys.Contains(d.ObjectKey)).Select(d => d.ObjectKey).ToListAsync(ct);
        keys = [.. keys.Except(shared)];
        foreach (var key in keys)
        {
            try
            {
                await objects.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e) when (e is ObjectStoreUnavailableException or IOException)
            {
                // The rows are gone, so nothing points at the object; an orphan costs space, not correctness.
                logger.LogWarning("Could not delete object {Key} of deleted feature {Id}: {Message}", key, row.Id, e.Message);
            }
        }
        await Send.NoContentAsync(ct);
    }
}

using FastEndpoints;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Validation;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.FeatureSets.Create;

public sealed class Request
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public List<Guid>? FeatureIds { get; set; }
}

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).FeatureName();
        RuleFor(r => r.Description).Prose();
    }
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts) : Endpoint<Request, FeatureSetRead>
{
    public override void Configure()
    {
        Post("/api/v1/feature-sets");
        Policies(Access.Writer);
        Description(d => d.WithTags("feature-sets").Produces<FeatureSetRead>(201).ProducesProblemDetails(409).ProducesProblemDetails(422));
        Summary(s => s.Summary = "Create a feature set: a named list of feature definitions, for jobs and training sets");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = await FeatureSetRules.FeatureIdsAsync(db, req.FeatureIds, ct);
        await FeatureSetRules.CheckNameFreeAsync(db, req.Name!, null, ct);
        var now = StorageClock.UtcNow;
        var set = new FeatureSet { Id = Guid.NewGuid(), Name = req.Name!, Description = req.Description, FeatureIdsJson = ids, Version = 1, CreatedAt = now, UpdatedAt = now };
        db.FeatureSets.Add(set);
        await db.SaveChangesAsync(ct);
        HttpContext.Response.Headers.Location = $"/api/v1/feature-sets/{set.Id}";
        await Send.ResponseAsync(FeatureSetRead.From(set), 201, ct);
    }
}

using FastEndpoints;
using Features.Host.Errors;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Validation;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.FeatureSets.Update;

public sealed class Request
{
    [BindFrom("feature_set_id")]
    public Guid FeatureSetId { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Replaces the whole list.</summary>
    public List<Guid>? FeatureIds { get; set; }
    /// <summary>When given, must equal the stored version (optimistic lock), else 409.</summary>
    public int? Version { get; set; }
}

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).FeatureName().When(r => r.Name is not null);
        RuleFor(r => r.Description).Prose();
    }
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts) : Endpoint<Request, FeatureSetRead>
{
    public override void Configure()
    {
        Verbs(Http.PATCH, Http.PUT);
        Routes("/api/v1/feature-sets/{feature_set_id:guid}");
        Policies(Access.Writer);
        Description(d => d.WithTags("feature-sets").ProducesProblemDetails(404).ProducesProblemDetails(409).ProducesProblemDetails(422));
        Summary(s => s.Summary = "Update a feature set: every field optional, feature_ids replaced whole, version bumped");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.FeatureSets.SingleOrDefaultAsync(s => s.Id == req.FeatureSetId, ct) ?? throw FeatureSetRules.NotFound();
        if (req.Version is { } expected && expected != row.Version)
        {
            throw ProblemException.Conflict($"version {expected} is stale; the feature set is at version {row.Version}. Re-read it and retry.");
        }
        if (req.Name is not null)
        {
            await FeatureSetRules.CheckNameFreeAsync(db, req.Name, row.Id, ct);
            row.Name = req.Name;
        }
        if (req.Description is not null) row.Description = req.Description;
        if (req.FeatureIds is not null) row.FeatureIdsJson = await FeatureSetRules.FeatureIdsAsync(db, req.FeatureIds, ct);
        row.Version++;
        row.UpdatedAt = StorageClock.UtcNow;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ProblemException.Conflict("the feature set was changed by another request while this one ran; re-read it and retry.");
        }
        await Send.OkAsync(FeatureSetRead.From(row), ct);
    }
}

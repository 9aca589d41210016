using FastEndpoints;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Validation;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.FeatureSets.List;

public sealed class Request
{
    public int Skip { get; set; }
    public int Limit { get; set; } = 100;
    /// <summary>Only the set with this exact name (how the CLI finds "alpha-14").</summary>
    public string? Name { get; set; }
}

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Skip).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Limit).InclusiveBetween(1, 1000);
    }
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts) : Endpoint<Request, List<FeatureSetRead>>
{
    public override void Configure()
    {
        Get("/api/v1/feature-sets");
        Policies(Access.Reader);
        Description(d => d.WithTags("feature-sets"));
        Summary(s => s.Summary = "List feature sets, oldest first; ?name= finds one by name");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.FeatureSets.AsNoTracking();
        if (req.Name is not null) query = query.Where(s => s.Name == req.Name);
        var rows = await query.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Skip(req.Skip).Take(req.Limit).ToListAsync(ct);
        await Send.OkAsync([.. rows.Select(FeatureSetRead.From)], ct);
    }
}

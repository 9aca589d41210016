using System.Text.Json;
using FastEndpoints;
using Features.Host.Errors;
using Features.Host.Plugins;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Storage.Objects;
using Features.Host.Validation;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Features.Update;

public sealed class Request
{
    [BindFrom("feature_id")]
    public Guid FeatureId { get; set; }
    public string? Name { get; set; }
    public string? PluginKey { get; set; }
    public string? Type { get; set; }
    /// <summary>Replaces the whole parameters object.</summary>
    public JsonElement? Parameters { get; set; }
    public string? Description { get; set; }
    /// <summary>Where future datasets go; must lie inside the configured object store.</summary>
    public string? StorageUri { get; set; }
    /// <summary>When given, must equal the stored version (optimistic lock), else 409.</summary>
    public int? Version { get; set; }
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts, PluginRegistry registry, IObjectStore objects) : Endpoint<Request, FeatureRead>
{
    public override void Configure()
    {
        Verbs(Http.PATCH, Http.PUT);
        Routes("/api/v1/features/{feature_id:guid}");
        Policies(Access.Writer);
        Description(d => d.WithTags("features").ProducesProblemDetails(404).ProducesProblemDetails(409).ProducesProblemDetails(422));
        Summary(s => s.Summary = "Update a definition: every field optional, parameters replaced whole, version bumped");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Features.SingleOrDefaultAsync(f => f.Id == req.FeatureId, ct)
                  ?? throw ProblemException.NotFound("Feature not found");
        if (req.Version is { } expected && expected != row.Version)
        {
            throw ProblemException.Conflict($"version {expected} is stale; the feature is at version {row.Version}. Re-read it and retry.");
        }

        if (req.Name is not null) row.Name = req.Name;
        if (req.Description is not null) row.Description = req.Description;
        var plugin = FeatureRules.Plugin(registry, req.PluginKey ?? row.PluginKey);
        if (req.PluginKey is not null || req.Type is not null) row.Type = FeatureRules.Type(plugin, req.Type);
        row.PluginKey = plugin.Key;
        if (req.Parameters is not null) row.ParametersJson = FeatureRules.Parameters(plugin, req.Parameters);
        else if (req.PluginKey is not null)
        {
            using var stored = JsonDocument.Parse(row.ParametersJson);
            row.ParametersJson = FeatureRules.Parameters(plugin, stored.RootElement.Clone());
        }
        if (req.StorageUri is not null)
        {
            var root = objects.UriFor("");
            if (!req.StorageUri.StartsWith(root, StringComparison.Ordinal))
            {
                throw ProblemException.Invalid("storage_uri", $"must lie inside the configured object store, i.e. start with '{root}'");
            }
            var prefix = req.StorageUri[root.Length..];
            if (!StoragePrefixes.IsValid(prefix))
            {
                throw ProblemException.Invalid("storage_uri", $"the part after '{root}' must be path segments (letters, digits, . _ -) separated by '/', without '.' or '..'");
            }
            row.StoragePrefix = StoragePrefixes.Normalise(prefix, plugin.Key);
            row.StorageUri = objects.UriFor(row.StoragePrefix);
        }
        row.Version++;
        row.UpdatedAt = StorageClock.UtcNow;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ProblemException.Conflict("the feature was changed by another request while this one ran; re-read it and retry.");
        }
        await Send.OkAsync(FeatureRead.From(row), ct);
    }
}

using System.Text.Json;
using FastEndpoints;
using Features.Host.Plugins;
using Features.Host.Security;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Features.Create;

public sealed class Request
{
    public string? Name { get; set; }
    public string? PluginKey { get; set; }
    public string? Type { get; set; }
    public JsonElement? Parameters { get; set; }
    public string? Description { get; set; }
    /// <summary>Object-key prefix for this feature's datasets; default <c>&lt;plugin_key&gt;/</c>.</summary>
    public string? StoragePrefix { get; set; }
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts, PluginRegistry registry) : Endpoint<Request, FeatureRead>
{
    public override void Configure()
    {
        Post("/api/v1/features");
        Policies(Access.Writer);
        Description(d => d.WithTags("features").Produces<FeatureRead>(201).ProducesProblemDetails(422));
        Summary(s => s.Summary = "Create a feature definition (plugin key plus parameters), validated against the plugin's schema");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var definition = FeatureRules.NewDefinition(registry, req.PluginKey, req.Name!, req.Type, req.Parameters, req.Description, req.StoragePrefix);
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Features.Add(definition);
        await db.SaveChangesAsync(ct);
        HttpContext.Response.Headers.Location = $"/api/v1/features/{definition.Id}";
        await Send.ResponseAsync(FeatureRead.From(definition), 201, ct);
    }
}

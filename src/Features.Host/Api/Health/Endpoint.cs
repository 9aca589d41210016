using FastEndpoints;
using Features.Host.Plugins;
using Features.Host.Storage;
using Features.Host.Storage.Objects;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Health;

public sealed record ComponentHealth(string Status, string Provider, string? Detail);

public sealed class Response
{
    public required string Status { get; init; }
    public required ComponentHealth Database { get; init; }
    public required ComponentHealth ObjectStore { get; init; }
    public int PluginsLoaded { get; init; }
    public int PluginsFailed { get; init; }
}

/// <summary>Anonymous; reports which part is down without revealing connection strings or keys.</summary>
internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts, DatabaseSettings database, IObjectStore objects, PluginRegistry registry, ILogger<Endpoint> logger)
    : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/health");
        AllowAnonymous();
        Description(d => d.WithTags("health").Produces<Response>(200).Produces<Response>(503));
        Summary(s => s.Summary = "Database and object store reachability; 503 when either is down");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        string? dbProblem;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(timeout.Token);
            dbProblem = await db.Database.CanConnectAsync(timeout.Token) ? null : "cannot connect";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            dbProblem = "cannot connect: " + e.GetType().Name;
        }
        string? storeProblem;
        try
        {
            storeProblem = await objects.CheckAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            storeProblem = "unreachable: " + e.GetType().Name;
        }
        // The details stay in the log: the anonymous response must not reveal endpoints or paths.
        if (dbProblem is not null) logger.LogWarning("Health: database {Problem}", dbProblem);
        if (storeProblem is not null) logger.LogWarning("Health: object store {Problem}", storeProblem);
        var healthy = dbProblem is null && storeProblem is null;
        var response = new Response
        {
            Status = healthy ? "healthy" : "unhealthy",
            Database = new ComponentHealth(dbProblem is null ? "up" : "down", database.Provider.ToString().ToLowerInvariant(), dbProblem),
            ObjectStore = new ComponentHealth(storeProblem is null ? "up" : "down", objects.ProviderName, storeProblem is null ? null : "unreachable or not writable"),
            PluginsLoaded = registry.All.Count,
            PluginsFailed = registry.Failures.Count,
        };
        await Send.ResponseAsync(response, healthy ? 200 : 503, ct);
    }
}

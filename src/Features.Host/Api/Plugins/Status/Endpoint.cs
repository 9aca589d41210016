using FastEndpoints;
using Features.Host.Plugins;
using Features.Host.Security;

namespace Features.Host.Api.Plugins.Status;

public sealed class Response
{
    public required IReadOnlyList<string> Roots { get; init; }
    public bool HotReload { get; init; }
    public required string Trust { get; init; }
    public required IReadOnlyList<LoadedRead> Loaded { get; init; }
    public required IReadOnlyList<FailureRead> Failed { get; init; }
}

public sealed record LoadedRead(string Key, string Version, string Folder);

public sealed record FailureRead(string Folder, string Reason, DateTimeOffset At);

internal sealed class Endpoint(PluginRegistry registry) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/v1/features/plugins/status");
        Policies(Access.Admin);
        Description(d => d.WithTags("plugins"));
        Summary(s => s.Summary = "Admins only (it shows the server's folders): what the plugin host loaded from where, and every plugin folder it refused with the reason");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(new Response
        {
            Roots = registry.Roots,
            HotReload = registry.Options.HotReload,
            Trust = registry.Options.Trust.Mode,
            Loaded = [.. registry.All.Select(p => new LoadedRead(p.Key, p.Version, p.Folder))],
            Failed = [.. registry.Failures.Select(f => new FailureRead(f.Folder, f.Reason, f.At))],
        }, ct);
}

using FastEndpoints;
using Features.Host.Plugins;
using Features.Host.Security;
using Features.Host.Validation;

namespace Features.Host.Api.Plugins.Available;

public sealed class Request
{
    public string? Type { get; set; }
}

internal sealed class Endpoint(PluginRegistry registry) : Endpoint<Request, List<PluginDescriptorRead>>
{
    public override void Configure()
    {
        Get("/api/v1/features/plugins/available");
        Policies(Access.Reader);
        Description(d => d.WithTags("plugins"));
        Summary(s => s.Summary = "The plugins deployed now, with parameter schemas and output columns; optional ?type= filter");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var plugins = registry.All.Where(p => req.Type is null || FeatureTypes.Name(p.Descriptor.Type) == req.Type);
        await Send.OkAsync([.. plugins.Select(PluginDescriptorRead.From)], ct);
    }
}

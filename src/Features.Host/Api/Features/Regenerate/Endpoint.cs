using FastEndpoints;
using Features.Host.Generation;
using Features.Host.Security;

namespace Features.Host.Api.Features.Regenerate;

public sealed class Request : GenerateBody
{
    [BindFrom("feature_id")]
    public Guid FeatureId { get; set; }
}

internal sealed class Endpoint(GenerationService generation) : Endpoint<Request, FeatureGenerateResponse>
{
    public override void Configure()
    {
        Post("/api/v1/features/{feature_id:guid}/regenerate");
        Policies(Access.Writer);
        Description(d => d.WithTags("generation").ProducesProblemDetails(404).ProducesProblemDetails(422).ProducesProblemDetails(503));
        Summary(s => s.Summary = "Re-read the source and re-run the plugin; a new dataset version only where the hash differs");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var result = await generation.GenerateAsync(req.FeatureId, req.Validate(), regenerate: true, ct);
        await Send.OkAsync(FeatureGenerateResponse.From(result), ct);
    }
}

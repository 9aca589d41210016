using FastEndpoints;
using Features.Host.Generation;
using Features.Host.Security;

namespace Features.Host.Api.Features.Generate;

public sealed class Request : GenerateBody
{
    [BindFrom("feature_id")]
    public Guid FeatureId { get; set; }
}

internal sealed class Endpoint(GenerationService generation) : Endpoint<Request, FeatureGenerateResponse>
{
    public override void Configure()
    {
        Post("/api/v1/features/{feature_id:guid}/generate");
        Policies(Access.Writer);
        Description(d => d.WithTags("generation").ProducesProblemDetails(404).ProducesProblemDetails(422).ProducesProblemDetails(503));
        Summary(s => s.Summary = "Compute the feature over a symbol, timeframe and [start_date, end_date); a dataset with the same version hash is returned without computing");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var result = await generation.GenerateAsync(req.FeatureId, req.Validate(), regenerate: false, ct);
        await Send.OkAsync(FeatureGenerateResponse.From(result), ct);
    }
}

using Features.Host.Validation;

namespace Features.Host.Api.Plugins.Available;

internal sealed class Validator : RequestValidator<Request>
{
    public Validator() => RuleFor(r => r.Type).FeatureType();
}

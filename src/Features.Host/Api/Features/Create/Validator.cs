using Features.Host.Validation;

namespace Features.Host.Api.Features.Create;

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).FeatureName();
        RuleFor(r => r.PluginKey).PluginKey();
        RuleFor(r => r.Type).FeatureType();
        RuleFor(r => r.Parameters).WithinLimits(() => Limits);
        RuleFor(r => r.Description).Prose();
        RuleFor(r => r.StoragePrefix).StoragePrefix();
    }
}

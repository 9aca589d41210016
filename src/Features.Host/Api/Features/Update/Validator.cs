using Features.Host.Validation;
using FluentValidation;

namespace Features.Host.Api.Features.Update;

/// <summary>Every field is optional; those given must be well-formed. Whether the storage URI lies inside the object store is the handler's check.</summary>
internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).FeatureName().When(r => r.Name is not null);
        RuleFor(r => r.PluginKey).PluginKey().When(r => r.PluginKey is not null);
        RuleFor(r => r.Type).FeatureType();
        RuleFor(r => r.Parameters).WithinLimits(() => Limits);
        RuleFor(r => r.Description).Prose();
    }
}

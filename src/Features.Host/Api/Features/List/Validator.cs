using Features.Host.Validation;
using FluentValidation;

namespace Features.Host.Api.Features.List;

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Skip).GreaterThanOrEqualTo(0).WithMessage((_, skip) => $"must be 0 or more; got {skip}");
        RuleFor(r => r.Limit).Must(limit => limit >= 1 && limit <= Limits.MaxListLimit).WithMessage((_, limit) => $"must be between 1 and {Limits.MaxListLimit}; got {limit}");
    }
}

using Features.Host.Validation;
using FluentValidation;

namespace Features.Host.Api.Features.Versions;

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Symbol).Symbol().When(r => r.Symbol is not null);
        RuleFor(r => r.Timeframe).Timeframe().When(r => r.Timeframe is not null);
    }
}

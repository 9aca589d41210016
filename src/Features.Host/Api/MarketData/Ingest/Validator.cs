using Features.Host.Validation;

namespace Features.Host.Api.MarketData.Ingest;

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Symbol).Symbol();
        RuleFor(r => r.Timeframe).Timeframe();
    }
}

using FluentValidation;
using Features.Host.Validation;

namespace Features.Host.Api.MarketData.Bars;

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Symbol).Symbol();
        RuleFor(r => r.Timeframe).Timeframe();
        RuleFor(r => r.StartDate).IsoDate();
        RuleFor(r => r.EndDate).IsoDate();
        RuleFor(r => r.EndDate)
            .Must((r, end) => RequestDates.Parse(end, out _) > RequestDates.Parse(r.StartDate, out _))
            .WithMessage("must be after start_date; the range is [start_date, end_date)")
            .When(r => RequestDates.Parse(r.StartDate, out _) is not null && RequestDates.Parse(r.EndDate, out _) is not null);
    }
}

using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.Validation;
using FluentValidation;

namespace Features.Host.Api.Features;

/// <summary>The body of generate and regenerate: <c>{symbol, timeframe="1d", start_date, end_date}</c>, end exclusive.</summary>
public class GenerateBody
{
    public string? Symbol { get; set; }
    public string? Timeframe { get; set; } = "1d";
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }

    /// <summary>The normalised request (dates in UTC, whole seconds). The slice's validator has checked every field already.</summary>
    public GenerationRequest Validate()
    {
        var start = RequestDates.Parse(StartDate, out var startProblem) ?? throw ProblemException.Invalid("start_date", startProblem);
        var end = RequestDates.Parse(EndDate, out var endProblem) ?? throw ProblemException.Invalid("end_date", endProblem);
        return new GenerationRequest(Symbol!, Timeframe ?? "1d", start, end);
    }
}

/// <summary>The rules of <see cref="GenerateBody"/>, included by the generate and regenerate validators; every problem is reported at once.</summary>
public sealed class GenerateBodyValidator : AbstractValidator<GenerateBody>
{
    public GenerateBodyValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(b => b.Symbol).Symbol();
        RuleFor(b => b.Timeframe ?? "1d").Timeframe().OverridePropertyName(nameof(GenerateBody.Timeframe));
        RuleFor(b => b.StartDate).IsoDate();
        RuleFor(b => b.EndDate).IsoDate();
        RuleFor(b => b.EndDate)
            .Must((b, end) => RequestDates.Parse(end, out _) > RequestDates.Parse(b.StartDate, out _))
            .WithMessage(b => $"must be after start_date ({RequestDates.Parse(b.StartDate, out _):yyyy-MM-ddTHH:mm:ssZ}); the range is [start_date, end_date)")
            .When(b => RequestDates.Parse(b.StartDate, out _) is not null && RequestDates.Parse(b.EndDate, out _) is not null);
    }
}

using Features.Host.TrainingSets.Hosting;
using Features.Host.Validation;
using FluentValidation;

namespace Features.Host.Api.TrainingSets;

/// <summary>One member of a training set or snapshot request: the feature, the columns taken, alias, timeframe and as-of rule.</summary>
public sealed class MemberRequest
{
    public Guid FeatureId { get; set; }
    public List<string>? Columns { get; set; }
    public string? Alias { get; set; }
    /// <summary>The timeframe the member is computed on (default: the grid's); it joins the grid as of its bars' close.</summary>
    public string? Timeframe { get; set; }
    public int Lag { get; set; }
    public long? MaxStalenessSeconds { get; set; }

    public TrainingSetMember ToMember(string gridTimeframe) =>
        new(FeatureId, Columns?.ToArray(), Alias, Timeframe ?? gridTimeframe, Lag, MaxStalenessSeconds);
}

internal static class MemberRules
{
    /// <summary>Each member's timeframe, lag and staleness, as fields <c>features[i].…</c>.</summary>
    public static void Members<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, IEnumerable<MemberRequest>?>> members) =>
        validator.RuleForEach(members).ChildRules(m =>
        {
            m.RuleFor(x => x.Timeframe!).Timeframe().When(x => x.Timeframe is not null);
            m.RuleFor(x => x.Lag).GreaterThanOrEqualTo(0);
            m.RuleFor(x => x.MaxStalenessSeconds).GreaterThan(0).When(x => x.MaxStalenessSeconds is not null);
        });
}

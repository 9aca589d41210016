using System.Text.RegularExpressions;
using Features.Host.Errors;
using Features.Host.MarketData;
using FluentValidation;

namespace Features.Host.Validation;

/// <summary>The rules several slices share, as FluentValidation rule-builder extensions with the API's wording.</summary>
public static partial class RequestRules
{
    public static IRuleBuilderOptions<T, string?> Symbol<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Symbols.IsValid).WithMessage($"must be {Symbols.Rule}");

    public static IRuleBuilderOptions<T, string?> Timeframe<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Timeframes.IsValid).WithMessage((_, timeframe) => $"unsupported timeframe '{UserText.Shorten(timeframe ?? "")}'; allowed: {Timeframes.AllowedText}");

    /// <summary>A required ISO 8601 date (see <see cref="RequestDates"/>).</summary>
    public static IRuleBuilderOptionsConditions<T, string?> IsoDate<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((text, context) =>
        {
            if (RequestDates.Parse(text, out var problem) is null) context.AddFailure(problem);
        });

    /// <summary>A half-open [start, end) range of two required ISO 8601 dates, end after start.</summary>
    public static void DateRange<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, string?>> start,
        System.Linq.Expressions.Expression<Func<T, string?>> end)
    {
        var (startOf, endOf) = (start.Compile(), end.Compile());
        validator.RuleFor(start).IsoDate();
        validator.RuleFor(end).IsoDate();
        validator.RuleFor(end)
            .Must((r, e) => RequestDates.Parse(e, out _) > RequestDates.Parse(startOf(r), out _))
            .WithMessage("must be after start_date; the range is [start_date, end_date)")
            .When(r => RequestDates.Parse(startOf(r), out _) is not null && RequestDates.Parse(endOf(r), out _) is not null);
    }

    /// <summary>A definition's name: 1-255 characters of well-formed text without control characters.</summary>
    public static IRuleBuilderOptions<T, string?> FeatureName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("is required")
            .Must(name => name!.Length <= 255).WithMessage((_, name) => $"must be at most 255 characters; got {name!.Length}")
            .Must(name => !name!.Any(char.IsControl)).WithMessage("must not contain control characters")
            .Must(name => UserText.IsWellFormed(name!)).WithMessage("must be well-formed Unicode (no lone surrogate code points)");

    /// <summary>Free text up to 4000 characters: line breaks and tabs are fine in prose; NUL and other controls are not (PostgreSQL text cannot even hold NUL).</summary>
    public static IRuleBuilderOptions<T, string?> Prose<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || text.Length <= 4000).WithMessage((_, text) => $"must be at most 4000 characters; got {text!.Length}")
            .Must(text => text is null || !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))).WithMessage("must not contain control characters other than line breaks and tabs")
            .Must(text => text is null || UserText.IsWellFormed(text)).WithMessage("must be well-formed Unicode (no lone surrogate code points)");

    /// <summary>One of the SDK's feature types by its API name, when given.</summary>
    public static IRuleBuilderOptions<T, string?> FeatureType<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(type => type is null || FeatureTypes.IsValid(type))
            .WithMessage((_, type) => $"must be one of {string.Join(", ", FeatureTypes.Names)}; got '{UserText.Shorten(type!, 60)}'");

    /// <summary>Looks like a plugin key (whether one is deployed is the handler's question, with suggestions).</summary>
    public static IRuleBuilderOptions<T, string?> PluginKey<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(key => !string.IsNullOrWhiteSpace(key)).WithMessage("is required")
            .Must(key => key!.Length <= 128 && PluginKeyCharacters().IsMatch(key))
            .WithMessage("must be 1-128 letters, digits, '.', '_' or '-', such as technical.rsi; see GET /api/v1/features/plugins/available");

    public static IRuleBuilderOptions<T, string?> StoragePrefix<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(prefix => prefix is null || StoragePrefixes.IsValid(prefix)).WithMessage(StoragePrefixes.Rule);

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex PluginKeyCharacters();
}

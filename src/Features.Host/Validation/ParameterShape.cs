using System.Text.Json;
using Features.Host.Configuration;
using Features.Host.Errors;
using FluentValidation;

namespace Features.Host.Validation;

/// <summary>
/// The size and text caps on a <c>parameters</c> object, checked before any plugin code looks at it. Whether the
/// values fit the plugin's schema is the handler's check (it needs the plugin).
/// </summary>
public static class ParameterShape
{
    public static IRuleBuilderOptionsConditions<T, JsonElement?> WithinLimits<T>(this IRuleBuilder<T, JsonElement?> rule, Func<LimitOptions> limits) =>
        rule.Custom((parameters, context) =>
        {
            if (Problem(parameters, limits()) is var (field, message)) context.AddFailure(field, message);
        });

    /// <summary>The first problem (field and message), or null when the object is within every limit.</summary>
    public static (string Field, string Message)? Problem(JsonElement? parameters, LimitOptions limits)
    {
        if (parameters is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        if (value.ValueKind != JsonValueKind.Object) return ("parameters", $"must be a JSON object, not {value.ValueKind.ToString().ToLowerInvariant()}");
        if (Depth(value) > limits.MaxJsonDepth - 1) return ("parameters", $"nests deeper than {limits.MaxJsonDepth} levels (Features:Limits:MaxJsonDepth)");
        var count = 0;
        foreach (var p in value.EnumerateObject())
        {
            if (++count > limits.MaxParameters) return ("parameters", $"has more than {limits.MaxParameters} entries (Features:Limits:MaxParameters)");
            if (p.Name.Length > 128 || p.Name.Any(char.IsControl))
            {
                return ("parameters", $"parameter name '{UserText.Shorten(p.Name, 60)}' must be at most 128 characters without control characters");
            }
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is var text && (text!.Contains('\0') || !UserText.IsWellFormed(text)))
            {
                return ("parameters." + p.Name, "must not contain NUL or lone surrogate characters");
            }
            var length = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()!.Length : p.Value.GetRawText().Length;
            if (length > limits.MaxParameterLength)
            {
                return ("parameters." + p.Name, $"is {length} characters long; at most {limits.MaxParameterLength} (Features:Limits:MaxParameterLength)");
            }
        }
        return null;
    }

    private static int Depth(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => 1 + e.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + e.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}

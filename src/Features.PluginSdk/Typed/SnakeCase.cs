using System.Text;

namespace Features.PluginSdk;

/// <summary>The SDK's one rule for turning C# names into wire names: <c>FastPeriod</c> → <c>fast_period</c>.</summary>
public static class SnakeCase
{
    /// <summary>
    /// <c>FastPeriod</c> → <c>fast_period</c>, <c>Q</c> → <c>q</c>, <c>LogReturn</c> → <c>log_return</c>,
    /// <c>AtrPeriod</c> → <c>atr_period</c>, <c>HTTPCode</c> → <c>http_code</c>, <c>Lag2</c> → <c>lag2</c>.
    /// </summary>
    public static string From(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var afterLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var endsAcronym = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (afterLower || endsAcronym) text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}

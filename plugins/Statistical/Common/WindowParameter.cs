using Features.PluginSdk;

namespace Features.Plugins.Statistical.Common;

/// <summary>
/// The shared <c>window</c> parameter of a typed parameters class, with its smallest value and an optional note:
/// <c>[Window(3, "O(window²) per bar.")] public int Window { get; init; } = 50;</c>.
/// </summary>
internal sealed class WindowAttribute : ParameterAttribute
{
    public WindowAttribute(long minimum, string? note = null)
        : base("Number of input values in the rolling window; the value at a bar covers the window ending at that bar." +
               (note is null ? "" : " " + note))
    {
        Minimum = minimum;
        Maximum = StatisticalPack.MaxWindow;
    }
}

/// <summary>The warm-up the <c>window</c> parameter implies.</summary>
internal static class WindowParameter
{
    /// <summary>Bars before the start so the window ending at the start is full: window-1, plus one when the input is a return.</summary>
    public static int Warmup(int window, InputKind input) => window - 1 + InputSeries.Lead(input);

    /// <summary>
    /// The rule of the calculators that compare a value with the ones <c>x</c> and <c>2·x</c> bars away inside the
    /// window (c3, number_peaks, time_reversal_asymmetry_statistic): 2·x must be smaller than the window.
    /// </summary>
    public static IEnumerable<ParameterError> HalfWindowRule(int x, int window, string xName, string windowName)
    {
        if (2 * x >= window) yield return new ParameterError(xName, $"2·{xName} must be smaller than {windowName}");
    }

    public const string WarmupRule = "window - 1 bars, plus 1 when input is `return` or `log_return` (the first bar has no return)";
}

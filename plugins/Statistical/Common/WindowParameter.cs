using Features.PluginSdk;

namespace Features.Plugins.Statistical.Common;

/// <summary>The shared <c>window</c> parameter and the warm-up it implies.</summary>
internal static class WindowParameter
{
    public static ParameterSpec Spec(long defaultValue, long minimum, string? note = null) => ParameterSpec.Integer(
        "window", defaultValue, minimum, StatisticalPack.MaxWindow,
        "Number of input values in the rolling window; the value at a bar covers the window ending at that bar." +
        (note is null ? "" : " " + note));

    /// <summary>Bars before the start so the window ending at the start is full: window-1, plus one when the input is a return.</summary>
    public static int Warmup(ParameterValues p) => p.GetInt32("window") - 1 + InputSeries.Lead(InputSeries.From(p));

    public const string WarmupRule = "window - 1 bars, plus 1 when input is `return` or `log_return` (the first bar has no return)";
}

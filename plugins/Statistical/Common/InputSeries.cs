using Features.PluginSdk;

namespace Features.Plugins.Statistical.Common;

/// <summary>
/// The series a statistical kernel reads from each bar: the <c>input</c> choice, whose members snake_case to its
/// allowed values in this order (<c>close</c> .. <c>log_return</c>).
/// </summary>
public enum InputKind
{
    Close,
    Open,
    High,
    Low,
    Volume,
    Return,
    LogReturn,
}

/// <summary>
/// The shared <c>input</c> parameter of a typed parameters class, with the reason for its default:
/// <c>[Input("why")] public InputKind Input { get; init; } = InputKind.LogReturn;</c>.
/// </summary>
internal sealed class InputAttribute(string why) : ParameterAttribute(why)
{
    public override string Describe(object? defaultValue) =>
        "Series the statistic is computed on: a bar field, `return` = close/prev_close - 1 or `log_return` = ln(close/prev_close) " +
        $"(both null on the first bar). Default `{defaultValue}`: {Description}";
}

/// <summary>Facts about the shared <c>input</c> parameter.</summary>
internal static class InputSeries
{
    /// <summary>Bar fields the kernel reads for this input, for <see cref="PluginDescriptor.InputColumns"/>.</summary>
    public static IReadOnlyList<string> Columns => ["open", "high", "low", "close", "volume"];

    /// <summary>Bars needed before the first input value exists (returns need the previous close).</summary>
    public static int Lead(InputKind kind) => kind is InputKind.Return or InputKind.LogReturn ? 1 : 0;
}

/// <summary>Reads the input value of each bar in turn; carries the previous close across batches.</summary>
internal struct InputReader(InputKind kind)
{
    private double _previousClose = double.NaN;

    /// <summary>
    /// The input values of bars <paramref name="start"/> onwards, one per element of <paramref name="into"/>; the same
    /// values as <see cref="Next"/> bar by bar, with the choice of series made once rather than per bar.
    /// </summary>
    public void Read(in BarSpans bars, int start, Span<double> into)
    {
        switch (kind)
        {
            case InputKind.Close: Finite(bars.Close.Slice(start, into.Length), into); break;
            case InputKind.Open: Finite(bars.Open.Slice(start, into.Length), into); break;
            case InputKind.High: Finite(bars.High.Slice(start, into.Length), into); break;
            case InputKind.Low: Finite(bars.Low.Slice(start, into.Length), into); break;
            case InputKind.Volume: Finite(bars.Volume.Slice(start, into.Length), into); break;
            case InputKind.LogReturn:
            {
                var close = bars.Close.Slice(start, into.Length);
                var previous = _previousClose;
                for (var j = 0; j < into.Length; j++)
                {
                    into[j] = Finite(LogReturn(close[j], previous));
                    previous = close[j];
                }
                break;
            }
            default:
                for (var j = 0; j < into.Length; j++) into[j] = Next(bars, start + j);
                return;
        }
        if (into.Length > 0) _previousClose = bars.Close[start + into.Length - 1];
    }

    private static void Finite(ReadOnlySpan<double> values, Span<double> into)
    {
        for (var j = 0; j < into.Length; j++) into[j] = Finite(values[j]);
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : double.NaN;

    // A non-positive price has no log return: null rather than NaN or infinity from the log.
    private static double LogReturn(double close, double previousClose) =>
        previousClose > 0 && close > 0 ? Math.Log(close / previousClose) : double.NaN;

    public double Next(in BarSpans bars, int i)
    {
        var close = bars.Close[i];
        double value;
        switch (kind)
        {
            case InputKind.Close: value = close; break;
            case InputKind.Open: value = bars.Open[i]; break;
            case InputKind.High: value = bars.High[i]; break;
            case InputKind.Low: value = bars.Low[i]; break;
            case InputKind.Volume: value = bars.Volume[i]; break;
            case InputKind.Return:
                // A zero previous close has no return: null rather than infinity.
                value = _previousClose != 0 ? close / _previousClose - 1 : double.NaN;
                break;
            case InputKind.LogReturn:
                value = LogReturn(close, _previousClose);
                break;
            default: value = double.NaN; break;
        }
        _previousClose = close;
        return Finite(value);
    }
}

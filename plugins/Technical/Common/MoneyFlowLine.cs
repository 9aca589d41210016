namespace Features.Plugins.Technical.Common;

/// <summary>
/// Chaikin's accumulation/distribution line, streamed. The money flow multiplier is
/// <c>((C-L)-(H-C))/(H-L)</c>, 0 when H = L; the money flow volume is multiplier * volume, and the line
/// is its running (uncompensated) sum, as in the reference library.
/// </summary>
internal sealed class MoneyFlowLine
{
    public double Multiplier { get; private set; }
    public double FlowVolume { get; private set; }
    public double Line { get; private set; }

    public void Add(double high, double low, double close, double volume)
    {
        // Keep this exact expression: it fixes the rounding residue of bars where C is mid-range.
        Multiplier = high == low ? 0 : (close - low - (high - close)) / (high - low);
        FlowVolume = Multiplier * volume;
        Line = FlowVolume + Line;
    }
}

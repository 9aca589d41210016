using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Bb;

/// <summary>The parameters of <see cref="BbPlugin"/>.</summary>
public sealed class BbParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;

    [Parameter("Band width in standard deviations.", Minimum = 0.01, Maximum = 100)]
    public double StdDev { get; init; } = 2;
}

/// <summary>Bollinger Bands.</summary>
public sealed class BbPlugin() : FeaturePlugin<BbParameters>(TechnicalPack.Describe("technical.bb", Outputs, ["close"],
    warmup: "period - 1 bars",
    description: "Bollinger Bands on the close. Middle band = SMA(period); the deviation is the population standard " +
                 "deviation (divide by n, mean first, then squared deviations) of the same closes; bands = sma ± " +
                 "std_dev*sd. percent_b, z_score and width are null when their denominator is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Sma = Outputs.Float("sma", "Middle band: mean of the last `period` closes.", OutputUnit.Price);
    private static readonly FloatOutput UpperBand = Outputs.Float("upper_band", "sma + std_dev * population standard deviation.", OutputUnit.Price);
    private static readonly FloatOutput LowerBand = Outputs.Float("lower_band", "sma - std_dev * population standard deviation.", OutputUnit.Price);
    private static readonly FloatOutput PercentB = Outputs.Float("percent_b", "(close - lower)/(upper - lower); null when the bands coincide.");
    private static readonly FloatOutput ZScore = Outputs.Float("z_score", "(close - sma)/standard deviation; null when the deviation is 0.");
    private static readonly FloatOutput Width = Outputs.Float("width", "(upper - lower)/sma; null when sma is 0.");

    protected override int WarmupBars(BbParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(BbParameters p, KernelContext context) =>
        new BbKernel(p.Period, p.StdDev);

    private sealed class BbKernel(int period, double multiplier) : FeatureKernel(Outputs)
    {
        // The deviation is recomputed over the window (two-pass, O(period)) rather than from running sums,
        // which lose precision on prices; a flat window is detected exactly (a run of equal closes), since
        // z_score and percent_b must be null there and rounding could leave a tiny non-zero deviation.
        // The closes are kept contiguous (a piece of a batch copied in at a time, the last `period` moved to the
        // front when full), so each window is a slice read a vector at a time, long after it was stored: vector
        // reads of a ring right after its scalar store stalled store forwarding every bar.
        private const int MaxPiece = 1024;
        private readonly double[] _closes = new double[period + MaxPiece];
        private int _end;
        private long _count;
        private int _run;
        private double _last = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> sma = outputs[Sma], upper = outputs[UpperBand], lower = outputs[LowerBand];
            Span<double> percentB = outputs[PercentB], zScore = outputs[ZScore], width = outputs[Width];
            var closes = _closes;
            // The running state in locals for the batch (written back below) rather than fields per bar.
            var (end, count, run, last) = (_end, _count, _run, _last);
            for (var done = 0; done < close.Length;)
            {
                var piece = close.Slice(done, Math.Min(close.Length - done, MaxPiece));
                if (end + piece.Length > closes.Length)
                {
                    var keep = Math.Min(period, end);
                    closes.AsSpan(end - keep, keep).CopyTo(closes);
                    end = keep;
                }
                piece.CopyTo(closes.AsSpan(end));
                for (var j = 0; j < piece.Length; j++)
                {
                    var i = done + j;
                    var c = piece[j];
                    count++;
                    run = c == last ? run + 1 : 1;
                    last = c;
                    if (count < period)
                    {
                        sma[i] = upper[i] = lower[i] = percentB[i] = zScore[i] = width[i] = double.NaN;
                        continue;
                    }
                    var (mean, sd) = run >= period ? (c, 0) : MeanAndStdDev(closes.AsSpan(end + j + 1 - period, period));
                    var u = mean + multiplier * sd;
                    var l = mean - multiplier * sd;
                    sma[i] = mean;
                    upper[i] = u;
                    lower[i] = l;
                    percentB[i] = u - l == 0 ? double.NaN : (c - l) / (u - l);
                    zScore[i] = sd == 0 ? double.NaN : (c - mean) / sd;
                    width[i] = mean == 0 ? double.NaN : (u - l) / mean;
                }
                end += piece.Length;
                done += piece.Length;
            }
            (_end, _count, _run, _last) = (end, count, run, last);
        }

        // Order-free sums with four accumulators, the lanes of one vector (value k of the window goes to lane
        // k mod 4, the rest to lane 0): four short dependency chains instead of one long one.
        private static (double Mean, double StdDev) MeanAndStdDev(ReadOnlySpan<double> window)
        {
            var period = window.Length;
            var vectors = MemoryMarshal.Cast<double, Vector256<double>>(window);
            var tail = vectors.Length * Vector256<double>.Count;
            var sums = Vector256<double>.Zero;
            foreach (var v in vectors) sums += v;
            var s0 = sums.GetElement(0);
            for (var k = tail; k < period; k++) s0 += window[k];
            var mean = (s0 + sums.GetElement(1) + (sums.GetElement(2) + sums.GetElement(3))) / period;

            var meanV = Vector256.Create(mean);
            var squares = Vector256<double>.Zero;
            foreach (var v in vectors)
            {
                var d = v - meanV;
                squares += d * d;
            }
            var q0 = squares.GetElement(0);
            for (var k = tail; k < period; k++) q0 += (window[k] - mean) * (window[k] - mean);
            var q = q0 + squares.GetElement(1) + (squares.GetElement(2) + squares.GetElement(3));
            return (mean, period <= 1 ? 0 : Math.Sqrt(q / period));
        }
    }
}

using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Adx;

/// <summary>The parameters of <see cref="AdxPlugin"/>.</summary>
public sealed class AdxParameters
{
    [Parameter("Lookback for the directional movement and ADX smoothing, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Wilder's Average Directional Index with +DI, -DI, DX and ADXR.</summary>
public sealed class AdxPlugin() : FeaturePlugin<AdxParameters>(TechnicalPack.Describe("technical.adx", Outputs, ["high", "low", "close"],
    warmup: "3*period - 1 bars (DI from bar `period`, ADX from 2*period-1, ADXR from 3*period-1)",
    description: "Average Directional Index (Wilder). From bar 1: TR = max(H-L, |H-Cprev|, |L-Cprev|), +DM = H-Hprev when it " +
                 "exceeds Lprev-L (and is > 0), -DM = Lprev-L when it exceeds H-Hprev (and is > 0). TR, +DM and -DM are " +
                 "summed over bars 1..period, then Wilder-accumulated: s = s - s/N + x. +DI/-DI = 100*DM/TR (row null " +
                 "when smoothed TR is 0); DX = 100*|+DI - -DI|/(+DI + -DI), 0 when the DIs are equal. The first ADX (bar " +
                 "2*period-1) is the mean of the DX values from bar `period`; later ADX = (prev*(N-1) + DX)/N. " +
                 "ADXR = (ADX + ADX `period` bars earlier)/2."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Pdi = Outputs.Float("pdi", "+DI: 100 * smoothed +DM / smoothed TR.");
    private static readonly FloatOutput Mdi = Outputs.Float("mdi", "-DI: 100 * smoothed -DM / smoothed TR.");
    private static readonly FloatOutput Dx = Outputs.Float("dx", "Directional index: 100*|+DI - -DI|/(+DI + -DI).");
    private static readonly FloatOutput Adx = Outputs.Float("adx", "Average directional index: Wilder-smoothed DX.");
    private static readonly FloatOutput Adxr = Outputs.Float("adxr", "ADX rating: (ADX + ADX `period` bars ago)/2.");

    protected override int WarmupBars(AdxParameters p) => 3 * p.Period - 1;

    protected override IFeatureKernel CreateKernel(AdxParameters p, KernelContext context) => new AdxKernel(p.Period);

    private sealed class AdxKernel(int period) : FeatureKernel(Outputs)
    {
        // ADX of the last `period` bars, for ADXR (NaN where there was none).
        private readonly double[] _adxRing = CreateRing(period);
        private long _index = -1;
        private double _prevHigh, _prevLow, _prevClose;
        private double _trs, _pdm, _mdm;
        private double _sumTr, _sumPdm, _sumMdm, _sumDx;
        private double _prevAdx;

        private static double[] CreateRing(int period)
        {
            var ring = new double[period];
            Array.Fill(ring, double.NaN);
            return ring;
        }

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            Span<double> pdiOut = outputs[Pdi], mdiOut = outputs[Mdi], dxOut = outputs[Dx], adxOut = outputs[Adx], adxrOut = outputs[Adxr];
            for (var i = 0; i < close.Length; i++)
            {
                _index++;
                var (h, l, c) = (high[i], low[i], close[i]);
                pdiOut[i] = mdiOut[i] = dxOut[i] = adxOut[i] = adxrOut[i] = double.NaN;
                var slot = (int)(_index % period);
                // ADX from `period` bars ago, read before this bar overwrites its slot.
                var priorAdx = _adxRing[slot];
                _adxRing[slot] = double.NaN;
                if (_index == 0)
                {
                    (_prevHigh, _prevLow, _prevClose) = (h, l, c);
                    continue;
                }

                var tr = Math.Max(h - l, Math.Max(Math.Abs(h - _prevClose), Math.Abs(l - _prevClose)));
                var upMove = h - _prevHigh;
                var downMove = _prevLow - l;
                var pdm1 = upMove > downMove ? Math.Max(upMove, 0) : 0;
                var mdm1 = downMove > upMove ? Math.Max(downMove, 0) : 0;
                (_prevHigh, _prevLow, _prevClose) = (h, l, c);

                if (_index <= period)
                {
                    _sumTr += tr;
                    _sumPdm += pdm1;
                    _sumMdm += mdm1;
                }
                if (_index < period) continue;

                if (_index == period)
                {
                    (_trs, _pdm, _mdm) = (_sumTr, _sumPdm, _sumMdm);
                }
                else
                {
                    _trs = _trs - _trs / period + tr;
                    _pdm = _pdm - _pdm / period + pdm1;
                    _mdm = _mdm - _mdm / period + mdm1;
                }
                if (_trs == 0) continue;

                var pdi = 100 * _pdm / _trs;
                var mdi = 100 * _mdm / _trs;
                var dx = pdi - mdi == 0 ? 0 : pdi + mdi != 0 ? 100 * Math.Abs(pdi - mdi) / (pdi + mdi) : double.NaN;
                pdiOut[i] = pdi;
                mdiOut[i] = mdi;
                dxOut[i] = dx;

                var adx = double.NaN;
                if (_index > 2L * period - 1)
                {
                    adx = (_prevAdx * (period - 1) + dx) / period;
                    adxrOut[i] = (adx + priorAdx) / 2;
                    _prevAdx = adx;
                }
                else if (_index == 2L * period - 1)
                {
                    _sumDx += dx;
                    adx = _sumDx / period;
                    _prevAdx = adx;
                }
                else
                {
                    _sumDx += dx;
                }
                adxOut[i] = adx;
                _adxRing[slot] = adx;
            }
        }
    }
}

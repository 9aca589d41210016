namespace Features.Plugins.Technical.Common;

/// <summary>
/// Williams Alligator lines: each is a Wilder-smoothed (SMMA, SMA-seeded) median price, shifted forward
/// by its offset, i.e. the value at bar t is the SMMA as of bar t - offset. Shared by Alligator and Gator.
/// </summary>
internal sealed class AlligatorLines(int jawPeriod, int jawOffset, int teethPeriod, int teethOffset, int lipsPeriod, int lipsOffset)
{
    private readonly ShiftedSmma _jaw = new(jawPeriod, jawOffset);
    private readonly ShiftedSmma _teeth = new(teethPeriod, teethOffset);
    private readonly ShiftedSmma _lips = new(lipsPeriod, lipsOffset);

    public double Jaw { get; private set; } = double.NaN;
    public double Teeth { get; private set; } = double.NaN;
    public double Lips { get; private set; } = double.NaN;

    public void Add(double medianPrice)
    {
        Jaw = _jaw.Add(medianPrice);
        Teeth = _teeth.Add(medianPrice);
        Lips = _lips.Add(medianPrice);
    }

    private sealed class ShiftedSmma(int period, int offset)
    {
        private readonly double[] _delay = new double[offset + 1];
        private WilderAverage _smma = new(period);
        private int _next;
        private long _written;

        public double Add(double x)
        {
            _delay[_next] = _smma.Add(x);
            _next = _next + 1 == _delay.Length ? 0 : _next + 1;
            // After the write, the next slot holds the value from `offset` bars ago, once there is one.
            return _written++ >= offset ? _delay[_next] : double.NaN;
        }
    }
}

namespace Features.Host.TrainingSets;

/// <summary>
/// Applies the streamable processors (all but fit-on-train ones) to each time block in request order.
/// Cross-sectional ones see only the rows of one timestamp; <c>fill</c> carries one last value per symbol and
/// column across blocks, the only state that grows with the universe.
/// </summary>
public sealed class BlockProcessor
{
    private readonly List<(ProcessorSpec Spec, IReadOnlyList<int> Columns, FillState? Fill)> _steps = [];

    public BlockProcessor(IEnumerable<ProcessorSpec> processors, IReadOnlyList<string> featureNames, int symbolCount)
    {
        foreach (var spec in processors.Where(p => !p.FitsOnTrain))
        {
            var columns = spec.Columns.Resolve(featureNames);
            _steps.Add((spec, columns, spec is Fill { Method: FillMethod.Ffill } ? new FillState(symbolCount, columns.Count) : null));
        }
    }

    public void Apply(RowBlock block)
    {
        foreach (var (spec, columns, fill) in _steps)
        {
            switch (spec)
            {
                case CsZScore: EachCrossSection(block, columns, CrossSection.ZScore); break;
                case CsRank: EachCrossSection(block, columns, CrossSection.PercentRank); break;
                case CsWinsorize w: EachCrossSection(block, columns, (values, start, end) => CrossSection.Winsorize(values, start, end, w.Lower, w.Upper)); break;
                case Fill { Method: FillMethod.Zero }: FillZero(block, columns); break;
                case Fill { Method: FillMethod.Ffill } f: fill!.Apply(block, columns, f.Limit); break;
                case Fill: break;
                case DropNa: block.Retain(r => columns.All(c => !double.IsNaN(block.Column(c)[r]))); break;
                default: throw new ArgumentOutOfRangeException(nameof(spec), spec, "not a streamable processor");
            }
        }
    }

    private static void EachCrossSection(RowBlock block, IReadOnlyList<int> columns, Action<double[], int, int> transform)
    {
        foreach (var c in columns)
        {
            var values = block.Column(c);
            block.ForEachTimestamp((start, end) => transform(values, start, end));
        }
    }

    private static void FillZero(RowBlock block, IReadOnlyList<int> columns)
    {
        foreach (var c in columns)
        {
            var values = block.Column(c);
            for (var r = 0; r < block.Count; r++) if (double.IsNaN(values[r])) values[r] = 0;
        }
    }

    /// <summary>Per symbol and column: the last non-null value and how many rows it has been carried.</summary>
    private sealed class FillState(int symbols, int columns)
    {
        private readonly double[] _last = Enumerable.Repeat(double.NaN, symbols * columns).ToArray();
        private readonly int[] _carried = new int[symbols * columns];

        public void Apply(RowBlock block, IReadOnlyList<int> columns, int? limit)
        {
            for (var k = 0; k < columns.Count; k++)
            {
                var values = block.Column(columns[k]);
                for (var r = 0; r < block.Count; r++)
                {
                    var slot = block.Symbol[r] * columns.Count + k;
                    if (!double.IsNaN(values[r]))
                    {
                        _last[slot] = values[r];
                        _carried[slot] = 0;
                    }
                    else if (!double.IsNaN(_last[slot]) && (limit is not { } max || _carried[slot] < max))
                    {
                        values[r] = _last[slot];
                        _carried[slot]++;
                    }
                }
            }
        }
    }
}

namespace Features.Host.TrainingSets;

/// <summary>Which value columns a processor touches.</summary>
public abstract record ColumnSelection
{
    public static readonly ColumnSelection Features = new Named(null, IncludeFeatures: true);
    public static readonly ColumnSelection Label = new Named(null, IncludeLabel: true);
    public static readonly ColumnSelection All = new Named(null, IncludeFeatures: true, IncludeLabel: true);

    /// <summary>Indices into the block (<see cref="RowBlock.LabelIndex"/> for the label).</summary>
    public abstract IReadOnlyList<int> Resolve(IReadOnlyList<string> featureNames);

    /// <summary>Every feature and/or the label, or the listed output columns (<c>label</c> among them names the label).</summary>
    public sealed record Named(IReadOnlyList<string>? Columns, bool IncludeFeatures = false, bool IncludeLabel = false) : ColumnSelection
    {
        public override IReadOnlyList<int> Resolve(IReadOnlyList<string> featureNames)
        {
            if (Columns is null)
            {
                var all = IncludeFeatures ? Enumerable.Range(0, featureNames.Count).ToList() : [];
                if (IncludeLabel) all.Add(RowBlock.LabelIndex);
                return all;
            }
            return [.. Columns.Select(name => name == "label" ? RowBlock.LabelIndex : IndexOf(featureNames, name))];
        }

        private static int IndexOf(IReadOnlyList<string> names, string name)
        {
            for (var i = 0; i < names.Count; i++) if (names[i] == name) return i;
            throw new ArgumentException($"no output column '{name}'", nameof(name));
        }
    }
}

/// <summary>A processor of the training set, applied in request order (docs/TRAINING_SETS.md, "Processors").</summary>
public abstract record ProcessorSpec(ColumnSelection Columns)
{
    /// <summary>True when the processor's statistics come from each split's training rows (it runs per split, after the file).</summary>
    public virtual bool FitsOnTrain => false;
}

/// <summary>(x − mean) / std of the same timestamp's values, std with n − 1; null where fewer than two values or std is 0.</summary>
public sealed record CsZScore(ColumnSelection Columns) : ProcessorSpec(Columns);

/// <summary>Percentile rank within the timestamp (average rank of ties / count of non-null values), as pandas rank(pct=True).</summary>
public sealed record CsRank(ColumnSelection Columns) : ProcessorSpec(Columns);

/// <summary>Clips each timestamp's values to its <paramref name="Lower"/> and 1 − <paramref name="Upper"/> quantiles (linear interpolation).</summary>
public sealed record CsWinsorize(double Lower, double Upper, ColumnSelection Columns) : ProcessorSpec(Columns);

public enum FillMethod
{
    None,
    Zero,
    /// <summary>Within a symbol, the last non-null value, for at most <c>limit</c> consecutive rows.</summary>
    Ffill,
}

public sealed record Fill(FillMethod Method, int? Limit, ColumnSelection Columns) : ProcessorSpec(Columns);

/// <summary>Drops rows with a null in the selected columns (the label, or every feature and the label).</summary>
public sealed record DropNa(ColumnSelection Columns) : ProcessorSpec(Columns);

/// <summary>
/// (x − median) / (1.4826 · MAD), clipped to ±3 as Qlib's RobustZScoreNorm, with median and MAD taken from the
/// training rows of each split only: fit-on-train.
/// </summary>
public sealed record RobustZScore(ColumnSelection Columns, double Clip = 3) : ProcessorSpec(Columns)
{
    public override bool FitsOnTrain => true;
}

/// <summary>Named processor lists.</summary>
public static class ProcessorPresets
{
    /// <summary>Qlib's default learn processors for Alpha158: DropnaLabel, then CSZScoreNorm on the label.</summary>
    public static IReadOnlyList<ProcessorSpec> QlibDefault { get; } = [new DropNa(ColumnSelection.Label), new CsZScore(ColumnSelection.Label)];

    public static IReadOnlyList<ProcessorSpec>? Find(string name) => name == "qlib_default" ? QlibDefault : null;
}

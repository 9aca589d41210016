namespace Features.Host.TrainingSets;

/// <summary>
/// A validated training-set request in the builder's terms: the row grid (<paramref name="Timeframe"/>, symbols
/// in ordinal order, [<paramref name="Start"/>, <paramref name="End"/>) in Unix µs UTC), the members, the label, the
/// processors in order and the splits.
/// </summary>
public sealed record TrainingSetPlan(
    string Timeframe,
    IReadOnlyList<string> Symbols,
    long Start,
    long End,
    IReadOnlyList<MemberPlan> Members,
    LabelSpec Label,
    bool DropIncompleteLabels,
    IReadOnlyList<ProcessorSpec> Processors,
    SplitSpec? Splits);

/// <summary>
/// One member dataset: the output name prefix (alias or feature name), the dataset columns taken, the timeframe it
/// is computed on and its as-of rule. <paramref name="Series"/> names a fixed series (a macro one) read for every
/// symbol instead of the row's own symbol.
/// </summary>
public sealed record MemberPlan(string Prefix, IReadOnlyList<string> Columns, string Timeframe, AsOfRule Rule, string? Series = null);

/// <summary>What the builder reads for one symbol: its bars for the grid and the label, and each member's series in plan order.</summary>
public sealed record SymbolInputs(LabelBars Bars, IReadOnlyList<MemberSeries> Members, MemberSeries? LabelFeature = null);

/// <summary>
/// Where the builder's inputs come from (stored datasets and bars in the host; in-memory series in tests). The builder
/// loads a few symbols at once: <see cref="LoadAsync"/> is called concurrently for different symbols.
/// </summary>
public interface ITrainingSetSource
{
    Task<SymbolInputs> LoadAsync(string symbol, CancellationToken ct);
}

/// <summary>The finished file's shape and its split manifest.</summary>
public sealed record TrainingSetResult(long Rows, IReadOnlyList<string> Columns, int Timestamps, SplitManifest? Splits);

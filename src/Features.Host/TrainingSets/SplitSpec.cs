namespace Features.Host.TrainingSets;

/// <summary>How the rows are cut into train/test splits, always by time across the whole universe.</summary>
public abstract record SplitSpec
{
    public abstract string Kind { get; }
}

/// <summary>AFML 7.4: k contiguous folds of timestamps; training rows purged by label-span overlap, and embargoed for h = ⌊embargo_pct·T⌋ timestamps after the test fold.</summary>
public sealed record PurgedKFold(int K, double EmbargoPct) : SplitSpec
{
    public override string Kind => "purged_kfold";
}

/// <summary>
/// Test windows of <paramref name="TestBars"/> timestamps moving by <paramref name="StepBars"/>; the training window is the
/// <paramref name="TrainBars"/> timestamps before the test (or everything before it when <paramref name="Expanding"/>),
/// its last <paramref name="EmbargoBars"/> timestamps embargoed, and purged by label span.
/// </summary>
public sealed record WalkForward(int TrainBars, int TestBars, int StepBars, int EmbargoBars, bool Expanding) : SplitSpec
{
    public override string Kind => "walk_forward";
}

/// <summary>Combinatorial purged CV (AFML 12.4): N groups, every choice of k as test, C(N,k) splits and (k/N)·C(N,k) paths.</summary>
public sealed record Cpcv(int NGroups, int NTestGroups, double EmbargoPct = 0) : SplitSpec
{
    public override string Kind => "cpcv";
}

using Features.Host.Storage.Entities;

namespace Features.Host.Generation;

/// <summary>A validated generate request: UTC dates, end exclusive.</summary>
public sealed record GenerationRequest(string Symbol, string Timeframe, DateTime StartDate, DateTime EndDate)
{
    /// <summary><see cref="StartDate"/> as bar time (Unix microseconds).</summary>
    public long Start => Micros(StartDate);

    /// <summary><see cref="EndDate"/> as bar time (Unix microseconds).</summary>
    public long End => Micros(EndDate);

    public static long Micros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}

/// <summary>What the pipeline produced: the dataset and whether it was reused.</summary>
public sealed record GenerationResult(FeatureDataset Dataset, bool Cached, IReadOnlyList<string> Notes);

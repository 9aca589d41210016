using Features.Host.Storage.Entities;

namespace Features.Host.Generation;

/// <summary>A validated generate request: UTC dates, end exclusive.</summary>
public sealed record GenerationRequest(string Symbol, string Timeframe, DateTime StartDate, DateTime EndDate);

/// <summary>What the pipeline produced: the dataset and whether it was reused.</summary>
public sealed record GenerationResult(FeatureDataset Dataset, bool Cached, IReadOnlyList<string> Notes);

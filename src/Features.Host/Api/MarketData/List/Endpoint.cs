using FastEndpoints;
using Features.Host.MarketData;
using Features.Host.Security;

namespace Features.Host.Api.MarketData.List;

public sealed record SeriesRead(string Symbol, string Timeframe, long BarCount, DateTime? FirstTimestamp, DateTime? LastTimestamp, long Revision, DateTime UpdatedAt);

internal sealed class Endpoint(BarStore store) : EndpointWithoutRequest<List<SeriesRead>>
{
    public override void Configure()
    {
        Get("/api/v1/market-data");
        Policies(Access.Reader);
        Description(d => d.WithTags("market-data"));
        Summary(s => s.Summary = "The series in the bar store: symbol, timeframe, bar count, range and revision");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var series = await store.ListAsync(ct);
        await Send.OkAsync([.. series.Select(s => new SeriesRead(s.Symbol, s.Timeframe, s.BarCount, BarTime.ToDateTime(s.FirstTimestamp), BarTime.ToDateTime(s.LastTimestamp), s.Revision, s.UpdatedAt))], ct);
    }
}

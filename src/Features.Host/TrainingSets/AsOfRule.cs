namespace Features.Host.TrainingSets;

/// <summary>
/// How a member joins the row grid: <paramref name="Lag"/> more bars back than the latest closed one, and
/// null once the value used is older than <paramref name="MaxStalenessMicros"/> (measured from that bar's
/// close to the row's bar close; null = no limit).
/// </summary>
public sealed record AsOfRule(int Lag = 0, long? MaxStalenessMicros = null)
{
    public static readonly AsOfRule Latest = new();
}

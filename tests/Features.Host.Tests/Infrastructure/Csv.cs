using System.Globalization;
using System.Text;
using Features.PluginSdk;

namespace Features.Host.Tests.Infrastructure;

/// <summary>Builds CSV uploads from bars.</summary>
public static class Csv
{
    public static byte[] From(IEnumerable<Bar> bars)
    {
        var sb = new StringBuilder("timestamp,open,high,low,close,volume\n");
        foreach (var b in bars)
        {
            sb.Append(DateTime.UnixEpoch.AddTicks(b.Timestamp * 10).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append(',')
              .Append(b.Open.ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(b.High.ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(b.Low.ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(b.Close.ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(b.Volume.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static long Micros(string isoUtc) => (DateTime.Parse(isoUtc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks - DateTime.UnixEpoch.Ticks) / 10;
}

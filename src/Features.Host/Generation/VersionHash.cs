using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Features.Host.Events;
using Features.PluginSdk;

namespace Features.Host.Generation;

/// <summary>The inputs that identify a dataset (version-hash spec v1).</summary>
public sealed record HashInputs(
    string PluginKey,
    string PluginVersion,
    IReadOnlyDictionary<string, object> Parameters,
    string Symbol,
    string Timeframe,
    DateTime StartDate,
    DateTime EndDate,
    string SourceFingerprint)
{
    public const string DateFormat = "yyyy-MM-ddTHH:mm:ssZ";

    /// <summary>The canonical JSON (RFC 8785) that is hashed.</summary>
    public string CanonicalJson() => Generation.CanonicalJson.Serialize(new Dictionary<string, object?>
    {
        ["end_date"] = EndDate.ToString(DateFormat, System.Globalization.CultureInfo.InvariantCulture),
        ["parameters"] = Parameters,
        ["plugin_key"] = PluginKey,
        ["plugin_version"] = PluginVersion,
        ["source_fingerprint"] = SourceFingerprint,
        ["start_date"] = StartDate.ToString(DateFormat, System.Globalization.CultureInfo.InvariantCulture),
        ["symbol"] = Symbol,
        ["timeframe"] = Timeframe,
    });

    /// <summary>Lowercase hex SHA-256 of the UTF-8 canonical JSON.</summary>
    public string VersionHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson())));
}

/// <summary>
/// SHA-256 over every bar fed to a plugin, in order: each bar as 48 little-endian bytes (int64 Unix
/// microseconds UTC, then open, high, low, close, volume as float64). The main series comes first, then
/// each auxiliary series in the order the plugin declares them, then each event input in the order the plugin declares
/// them (<see cref="EventEncoding"/>; nothing for a plugin without event inputs).
/// </summary>
public sealed class SourceFingerprint : IDisposable
{
    public const int BytesPerBar = 48;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    // Bars encoded per hash update in Append(BarBlock): on the stack, as a fingerprint is made per feature and symbol.
    private const int BarsPerUpdate = 128;

    public long Bars { get; private set; }

    /// <summary>Events appended (<see cref="AppendEvents"/>).</summary>
    public long EventsRead { get; private set; }

    /// <summary>Appends one event input: its header, then its events in delivery order.</summary>
    public void AppendEvents(string kind, string symbol, IReadOnlyList<IPointInTimeEvent> events)
    {
        var bytes = new System.Buffers.ArrayBufferWriter<byte>();
        EventEncoding.WriteHeader(bytes, kind, symbol, events.Count);
        foreach (var item in events)
        {
            EventEncoding.Write(bytes, item);
            if (bytes.WrittenCount > 1 << 16)
            {
                _hash.AppendData(bytes.WrittenSpan);
                bytes.ResetWrittenCount();
            }
        }
        _hash.AppendData(bytes.WrittenSpan);
        EventsRead += events.Count;
    }

    public void Append(long timestamp, double open, double high, double low, double close, double volume)
    {
        Span<byte> bar = stackalloc byte[BytesPerBar];
        Encode(bar, timestamp, open, high, low, close, volume);
        _hash.AppendData(bar);
        Bars++;
    }

    public void Append(in Bar bar) => Append(bar.Timestamp, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume);

    public void Append(MarketData.BarBlock block)
    {
        Span<byte> encoded = stackalloc byte[BytesPerBar * BarsPerUpdate];
        for (var start = 0; start < block.Count; start += BarsPerUpdate)
        {
            var count = Math.Min(BarsPerUpdate, block.Count - start);
            for (var j = 0; j < count; j++)
            {
                var i = start + j;
                Encode(encoded.Slice(j * BytesPerBar, BytesPerBar), block.Timestamp[i], block.Open[i], block.High[i], block.Low[i], block.Close[i], block.Volume[i]);
            }
            _hash.AppendData(encoded[..(count * BytesPerBar)]);
        }
        Bars += block.Count;
    }

    private static void Encode(Span<byte> target, long timestamp, double open, double high, double low, double close, double volume)
    {
        BinaryPrimitives.WriteInt64LittleEndian(target, timestamp);
        BinaryPrimitives.WriteDoubleLittleEndian(target[8..], open);
        BinaryPrimitives.WriteDoubleLittleEndian(target[16..], high);
        BinaryPrimitives.WriteDoubleLittleEndian(target[24..], low);
        BinaryPrimitives.WriteDoubleLittleEndian(target[32..], close);
        BinaryPrimitives.WriteDoubleLittleEndian(target[40..], volume);
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}

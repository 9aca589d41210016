using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Features.PluginSdk;

namespace Features.Host.Events;

/// <summary>
/// The bytes an event input adds to <c>source_fingerprint</c> (docs/EVENTS.md, "Fingerprint"), after every bar. Per input,
/// in the order the plugin declares them: the kind and the symbol as strings, the number of events as int64, then each
/// event in delivery order. Little-endian throughout; a string is its UTF-8 byte length as int32 then the bytes (length
/// −1 for null); an optional number is one byte 0 (null) or 1 followed by the float64 (or int32); times are int64 Unix
/// microseconds UTC. Nothing is added for a plugin without event inputs, so its fingerprint is what it always was.
/// </summary>
public static class EventEncoding
{
    public static void WriteHeader(IBufferWriter<byte> output, string kind, string symbol, long count)
    {
        WriteString(output, kind);
        WriteString(output, symbol);
        WriteInt64(output, count);
    }

    /// <summary>
    /// news: published_at, id, symbol count (int32) and symbols, headline, body, source, relevance, sentiment, novelty.
    /// fundamental: tag, period_end, quarters (int32), value, unit, accepted_at, available_at, filing_id, form, fiscal_year, fiscal_period.
    /// lexicon: word, polarity.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, IPointInTimeEvent item)
    {
        switch (item)
        {
            case NewsItem news:
                WriteInt64(output, news.PublishedAt);
                WriteString(output, news.Id);
                WriteInt32(output, news.Symbols.Count);
                foreach (var symbol in news.Symbols) WriteString(output, symbol);
                WriteString(output, news.Headline);
                WriteString(output, news.Body);
                WriteString(output, news.Source);
                WriteOptional(output, news.Relevance);
                WriteOptional(output, news.Sentiment);
                WriteOptional(output, news.Novelty);
                break;
            case FundamentalFact fact:
                WriteString(output, fact.Tag);
                WriteInt64(output, fact.PeriodEnd);
                WriteInt32(output, fact.Quarters);
                WriteDouble(output, fact.Value);
                WriteString(output, fact.Unit);
                WriteInt64(output, fact.AcceptedAt);
                WriteInt64(output, fact.AvailableAt);
                WriteString(output, fact.FilingId);
                WriteString(output, fact.Form);
                WriteOptional(output, fact.FiscalYear);
                WriteString(output, fact.FiscalPeriod);
                break;
            case LexiconWord word:
                WriteString(output, word.Word);
                WriteDouble(output, word.Polarity);
                break;
            default:
                throw new ArgumentException($"no fingerprint encoding for {item.GetType().Name}", nameof(item));
        }
    }

    private static void WriteString(IBufferWriter<byte> output, string? text)
    {
        if (text is null)
        {
            WriteInt32(output, -1);
            return;
        }
        var length = Encoding.UTF8.GetByteCount(text);
        WriteInt32(output, length);
        Encoding.UTF8.GetBytes(text, output.GetSpan(length));
        output.Advance(length);
    }

    private static void WriteOptional(IBufferWriter<byte> output, double? value)
    {
        WriteByte(output, value is null ? (byte)0 : (byte)1);
        if (value is { } v) WriteDouble(output, v);
    }

    private static void WriteOptional(IBufferWriter<byte> output, int? value)
    {
        WriteByte(output, value is null ? (byte)0 : (byte)1);
        if (value is { } v) WriteInt32(output, v);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static void WriteInt32(IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    private static void WriteInt64(IBufferWriter<byte> output, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    private static void WriteDouble(IBufferWriter<byte> output, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }
}

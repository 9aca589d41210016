using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Features.Host.Errors;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Storage.Objects;

namespace Features.Host.Generation;

/// <summary>Fetches a stored dataset, checks it against the checksum recorded at write, and renders it.</summary>
public sealed class DatasetReader(IObjectStore objects, FeaturesPaths paths)
{
    /// <summary>Copies the object to a local temporary file and verifies its SHA-256; the caller deletes the file.</summary>
    public async Task<string> FetchVerifiedAsync(FeatureDataset dataset, CancellationToken ct)
    {
        if (!Directory.Exists(paths.TempDirectory)) Directory.CreateDirectory(paths.TempDirectory);
        var file = Path.Combine(paths.TempDirectory, $"dl-{Guid.NewGuid():N}.parquet");
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            InvalidDataException? corrupt = null;
            await using (var source = await objects.OpenReadAsync(dataset.ObjectKey, ct))
            await using (var target = File.Create(file))
            {
                var buffer = new byte[1 << 16];
                int read;
                try
                {
                    while ((read = await source.ReadAsync(buffer, ct)) > 0)
                    {
                        sha.AppendData(buffer, 0, read);
                        await target.WriteAsync(buffer.AsMemory(0, read), ct);
                    }
                }
                catch (InvalidDataException e)
                {
                    corrupt = e;
                }
            }
            Verify(dataset, corrupt is null ? Convert.ToHexStringLower(sha.GetHashAndReset()) : StoreMismatch);
            return file;
        }
        catch (ObjectNotFoundException)
        {
            File.Delete(file);
            throw Missing(dataset);
        }
        catch
        {
            if (File.Exists(file)) File.Delete(file);
            throw;
        }
    }

    /// <summary>
    /// The object verified and held for reading, for work that reads many datasets (a training set's members): in pooled,
    /// pinned memory read by Parquet in place (no temporary file, no copy), or in a temporary file past
    /// <see cref="InMemoryLimit"/>. Fails as <see cref="FetchVerifiedAsync"/> does.
    /// </summary>
    public async Task<VerifiedObject> FetchVerifiedObjectAsync(FeatureDataset dataset, CancellationToken ct)
    {
        if (dataset.SizeBytes is <= 0 or > InMemoryLimit) return VerifiedObject.InFile(await FetchVerifiedAsync(dataset, ct));
        // One byte more than recorded, so an object that grew does not pass as its first SizeBytes bytes.
        var bytes = ArrayPool<byte>.Shared.Rent((int)dataset.SizeBytes + 1);
        try
        {
            int length;
            InvalidDataException? corrupt = null;
            try
            {
                await using var source = await objects.OpenReadAsync(dataset.ObjectKey, ct);
                length = await source.ReadAtLeastAsync(bytes.AsMemory(0, (int)dataset.SizeBytes + 1), (int)dataset.SizeBytes + 1, throwOnEndOfStream: false, ct);
            }
            catch (ObjectNotFoundException)
            {
                throw Missing(dataset);
            }
            catch (InvalidDataException e)
            {
                corrupt = e;
                length = 0;
            }
            Verify(dataset, corrupt is null ? Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, length))) : StoreMismatch);
            return VerifiedObject.InMemory(bytes, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(bytes);
            throw;
        }
    }

    /// <summary>Objects up to this size are held in memory by <see cref="FetchVerifiedObjectAsync"/>.</summary>
    public const long InMemoryLimit = 256L << 20;

    // What a store that checks its own checksums (S3) reports as a mismatch.
    private const string StoreMismatch = "store-checksum-mismatch";

    private static void Verify(FeatureDataset dataset, string actual)
    {
        if (actual == dataset.ObjectSha256) return;
        throw new ProblemException(500, "Corrupted dataset",
            $"the stored object {dataset.StorageUri} does not match the checksum recorded when it was written (expected {dataset.ObjectSha256[..16]}..., found {actual[..16]}...); POST .../regenerate with the same range repairs it");
    }

    private static ProblemException Missing(FeatureDataset dataset) => new(500, "Missing dataset object",
        $"the object {dataset.StorageUri} recorded for this dataset is missing from the object store; POST .../regenerate with the same range repairs it");

    public static async Task WriteCsvAsync(string parquetFile, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16);
        using var file = new ParquetSharp.Arrow.FileReader(parquetFile);
        await writer.WriteLineAsync(string.Join(',', file.Schema.FieldsList.Select(f => f.Name)));
        using var reader = file.GetRecordBatchReader();
        var line = new StringBuilder();
        while (await reader.ReadNextRecordBatchAsync(ct) is { } batch)
        {
            using (batch)
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    line.Clear();
                    for (var c = 0; c < batch.ColumnCount; c++)
                    {
                        if (c > 0) line.Append(',');
                        line.Append(Text(batch.Column(c), i));
                    }
                    await writer.WriteLineAsync(line, ct);
                }
            }
        }
    }

    public static async Task WriteJsonAsync(string parquetFile, Stream output, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output);
        using var file = new ParquetSharp.Arrow.FileReader(parquetFile);
        var names = file.Schema.FieldsList.Select(f => f.Name).ToArray();
        using var reader = file.GetRecordBatchReader();
        json.WriteStartArray();
        while (await reader.ReadNextRecordBatchAsync(ct) is { } batch)
        {
            using (batch)
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    json.WriteStartObject();
                    for (var c = 0; c < batch.ColumnCount; c++)
                    {
                        json.WritePropertyName(names[c]);
                        var array = batch.Column(c);
                        if (array.IsNull(i)) json.WriteNullValue();
                        else switch (array)
                        {
                            case TimestampArray t: json.WriteStringValue(Timestamp(t, i)); break;
                            case DoubleArray d: json.WriteNumberValue(d.GetValue(i)!.Value); break;
                            case BooleanArray b: json.WriteBooleanValue(b.GetValue(i)!.Value); break;
                            case Int32Array n: json.WriteNumberValue(n.GetValue(i)!.Value); break;
                            case StringArray s: json.WriteStringValue(s.GetString(i)); break;
                            default: json.WriteNullValue(); break;
                        }
                    }
                    json.WriteEndObject();
                }
                await json.FlushAsync(ct);
            }
        }
        json.WriteEndArray();
        await json.FlushAsync(ct);
    }

    private static string Text(IArrowArray array, int i)
    {
        if (array.IsNull(i)) return "";
        return array switch
        {
            TimestampArray t => Timestamp(t, i),
            DoubleArray d => d.GetValue(i)!.Value.ToString("R", CultureInfo.InvariantCulture),
            BooleanArray b => b.GetValue(i)!.Value ? "true" : "false",
            Int32Array n => n.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
            StringArray s => Quote(s.GetString(i)),
            _ => "",
        };
    }

    private static string Timestamp(TimestampArray t, int i) =>
        t.GetTimestampUnchecked(i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ", CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}

/// <summary>A verified stored object, open for Parquet reading: disposing it lets go of its memory or deletes its file.</summary>
public sealed class VerifiedObject : IDisposable
{
    private byte[]? _bytes;
    private readonly int _length;
    private string? _file;
    private GCHandle _pin;
    private ParquetSharp.IO.Buffer? _buffer;
    private ParquetSharp.IO.BufferReader? _input;

    private VerifiedObject(byte[]? bytes, int length, string? file)
    {
        _bytes = bytes;
        _length = length;
        _file = file;
    }

    internal static VerifiedObject InMemory(byte[] pooled, int length) => new(pooled, length, null);

    internal static VerifiedObject InFile(string file) => new(null, 0, file);

    /// <summary>A Parquet reader over the object; dispose it before this object.</summary>
    public ParquetSharp.Arrow.FileReader OpenParquet()
    {
        ObjectDisposedException.ThrowIf(_bytes is null && _file is null, this);
        if (_file is not null) return new ParquetSharp.Arrow.FileReader(_file);
        if (_input is null)
        {
            // Native reads straight from the pooled array: pinned until this object is disposed.
            _pin = GCHandle.Alloc(_bytes, GCHandleType.Pinned);
            _buffer = new ParquetSharp.IO.Buffer(_pin.AddrOfPinnedObject(), _length);
            _input = new ParquetSharp.IO.BufferReader(_buffer);
        }
        return new ParquetSharp.Arrow.FileReader(_input);
    }

    public void Dispose()
    {
        _input?.Dispose();
        _buffer?.Dispose();
        if (_pin.IsAllocated) _pin.Free();
        if (_bytes is not null) ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = null;
        if (_file is not null) TempFiles.TryDelete(_file);
        _file = null;
    }
}

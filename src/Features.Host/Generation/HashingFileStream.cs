using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Features.Host.Generation;

/// <summary>
/// A new file written front to back whose SHA-256 and length (and, when asked, MD5: the object store's upload check) are
/// taken as the bytes go by, so a finished dataset is not opened and read back to hash it. Write-only and not seekable:
/// the Parquet writer only appends. Its write buffer comes from the shared pool: a job writes a file per feature and
/// symbol, and a <see cref="FileStream"/>'s own 64 KB buffer per file was a twelfth of a job's allocations.
/// With <paramref name="keepInMemoryUpTo"/> above zero the file is not created unless it outgrows that many bytes: until
/// then its bytes stay in the (growing) buffer and <see cref="DetachBytes"/> hands them over, for an object store that
/// uploads from memory (docs/BENCHMARKS.md, "The job path, session 26"). Memory stays bounded by that limit whatever the
/// series' length: a larger file is written out and continues as a file.
/// </summary>
public sealed class HashingFileStream(string path, bool md5 = false, int keepInMemoryUpTo = 0) : Stream
{
    private const int BufferBytes = 1 << 16;
    private SafeFileHandle? _file = keepInMemoryUpTo > 0 ? null : OpenNew(path);
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _buffered;
    private long _onFile;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash? _md5 = md5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
    private long _written;

    /// <summary>The SHA-256 of every byte written so far, lower-case hex.</summary>
    public string Sha256Hex() => Convert.ToHexStringLower(_sha256.GetCurrentHash());

    /// <summary>The MD5 of every byte written so far, lower-case hex; null unless asked for.</summary>
    public string? Md5Hex() => _md5 is null ? null : Convert.ToHexStringLower(_md5.GetCurrentHash());

    /// <summary>Whether every byte written so far is held in memory, and no file was created.</summary>
    public bool InMemory => _file is null;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException("a hashing stream only appends");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var pending = _buffer ?? throw new ObjectDisposedException(nameof(HashingFileStream));
        _sha256.AppendData(buffer);
        _md5?.AppendData(buffer);
        _written += buffer.Length;
        if (_buffered + buffer.Length > pending.Length)
        {
            if (_file is null && _written <= keepInMemoryUpTo)
            {
                pending = Grow(_buffered + buffer.Length);
            }
            else
            {
                Flush();
                pending = _buffer;
                if (buffer.Length >= pending.Length)
                {
                    RandomAccess.Write(_file!, buffer, _onFile);
                    _onFile += buffer.Length;
                    return;
                }
            }
        }
        buffer.CopyTo(pending.AsSpan(_buffered));
        _buffered += buffer.Length;
    }

    /// <summary>
    /// Hands the buffered bytes to the operating system (not to the disk: see FileFlush). Bytes kept in memory stay there.
    /// </summary>
    public override void Flush()
    {
        if (_buffered == 0 || _buffer is null) return;
        if (_file is null)
        {
            if (_written <= keepInMemoryUpTo) return;
            // Outgrown: from here on a file, and the buffer back to its usual size.
            _file = OpenNew(path);
            RandomAccess.Write(_file, _buffer.AsSpan(0, _buffered), 0);
            _onFile = _buffered;
            _buffered = 0;
            if (_buffer.Length > BufferBytes)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
            }
            return;
        }
        RandomAccess.Write(_file, _buffer.AsSpan(0, _buffered), _onFile);
        _onFile += _buffered;
        _buffered = 0;
    }

    /// <summary>Takes the bytes held in memory (<see cref="InMemory"/>); the stream is finished afterwards.</summary>
    public DatasetBytes DetachBytes()
    {
        if (_file is not null || _buffer is null) throw new InvalidOperationException("only an unfinished stream held in memory has bytes to hand over");
        var bytes = new DatasetBytes(_buffer, _buffered);
        _buffer = null;
        _buffered = 0;
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("a hashing stream is write-only");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a hashing stream only appends");

    public override void SetLength(long value) => throw new NotSupportedException("a hashing stream only appends");

    private static SafeFileHandle OpenNew(string path) => File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);

    private byte[] Grow(int needed)
    {
        var grown = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(needed, _buffer!.Length * 2), Math.Max(needed, keepInMemoryUpTo)));
        _buffer.AsSpan(0, _buffered).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        return _buffer = grown;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                Flush();
            }
            finally
            {
                if (_buffer is { } buffer) ArrayPool<byte>.Shared.Return(buffer);
                _buffer = null;
                _file?.Dispose();
                _sha256.Dispose();
                _md5?.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}

/// <summary>A finished dataset's bytes kept in memory (a pooled buffer, returned by <see cref="Dispose"/>).</summary>
public sealed class DatasetBytes(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public int Length => length;

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(DatasetBytes))).AsMemory(0, length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } returned) ArrayPool<byte>.Shared.Return(returned);
    }
}

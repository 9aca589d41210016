using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Features.Host.Generation;

/// <summary>
/// A new file written front to back whose SHA-256 and length (and, when asked, MD5: the object store's upload check) are
/// taken as the bytes go by, so a finished dataset is not opened and read back to hash it. Write-only and not seekable:
/// the Parquet writer only appends. Its write buffer comes from the shared pool: a job writes a file per feature and
/// symbol, and a <see cref="FileStream"/>'s own 64 KB buffer per file was a twelfth of a job's allocations.
/// </summary>
public sealed class HashingFileStream(string path, bool md5 = false) : Stream
{
    private const int BufferBytes = 1 << 16;
    private readonly SafeFileHandle _file = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);
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
            Flush();
            if (buffer.Length >= pending.Length)
            {
                RandomAccess.Write(_file, buffer, _onFile);
                _onFile += buffer.Length;
                return;
            }
        }
        buffer.CopyTo(pending.AsSpan(_buffered));
        _buffered += buffer.Length;
    }

    /// <summary>Hands the buffered bytes to the operating system (not to the disk: see FileFlush).</summary>
    public override void Flush()
    {
        if (_buffered == 0 || _buffer is null) return;
        RandomAccess.Write(_file, _buffer.AsSpan(0, _buffered), _onFile);
        _onFile += _buffered;
        _buffered = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("a hashing stream is write-only");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a hashing stream only appends");

    public override void SetLength(long value) => throw new NotSupportedException("a hashing stream only appends");

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is { } buffer)
        {
            try
            {
                Flush();
            }
            finally
            {
                _buffer = null;
                ArrayPool<byte>.Shared.Return(buffer);
                _file.Dispose();
                _sha256.Dispose();
                _md5?.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}

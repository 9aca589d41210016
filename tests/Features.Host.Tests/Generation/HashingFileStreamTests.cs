using System.Security.Cryptography;
using Features.Host.Generation;

namespace Features.Host.Tests.Generation;

/// <summary>The SHA-256 a dataset records (and the MD5 an S3 upload is checked by) are taken while its file is written; they must be the hashes of the bytes on disk.</summary>
public sealed class HashingFileStreamTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_hashes_and_length_taken_while_writing_equal_those_of_the_file_read_back(bool md5)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hashing-{Guid.NewGuid():N}.bin");
        try
        {
            var random = new Random(7);
            string hash;
            string? md5Hex;
            long length;
            using (var stream = new HashingFileStream(path, md5))
            {
                // Writes of every size around the file buffer's (64 KiB), through both Write overloads.
                foreach (var size in new[] { 0, 1, 7, 65_535, 65_536, 65_537, 300_000, 3 })
                {
                    var bytes = new byte[size];
                    random.NextBytes(bytes);
                    if (size % 2 == 0) stream.Write(bytes, 0, size);
                    else stream.Write(bytes.AsSpan());
                }
                stream.Flush();
                hash = stream.Sha256Hex();
                md5Hex = stream.Md5Hex();
                length = stream.Length;
                stream.Position.ShouldBe(length);
            }

            var onDisk = File.ReadAllBytes(path);
            length.ShouldBe(onDisk.LongLength);
            hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(onDisk)));
            // The MD5 is the S3 upload's check (Content-MD5 and the ETag): taken only when asked for.
            md5Hex.ShouldBe(md5 ? Convert.ToHexStringLower(MD5.HashData(onDisk)) : null);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(300_000, true)]
    [InlineData(100_000, false)]
    public void A_stream_kept_in_memory_creates_no_file_unless_it_outgrows_its_limit_and_holds_the_same_bytes_and_hashes(int limit, bool staysInMemory)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hashing-{Guid.NewGuid():N}.bin");
        try
        {
            var random = new Random(11);
            var written = new MemoryStream();
            using var stream = new HashingFileStream(path, md5: true, keepInMemoryUpTo: limit);
            // 1 + 65,537 + 70,000 + 3 + 65,536 = 201,077 bytes, across the first buffer's size and the limits of both cases.
            foreach (var size in new[] { 1, 65_537, 70_000, 3, 65_536 })
            {
                var bytes = new byte[size];
                random.NextBytes(bytes);
                stream.Write(bytes);
                written.Write(bytes);
                stream.Flush(); // the Parquet writer flushes as it goes: in memory that must not create the file
            }
            var expected = written.ToArray();
            stream.InMemory.ShouldBe(staysInMemory);
            File.Exists(path).ShouldBe(!staysInMemory);
            stream.Sha256Hex().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(expected)));
            stream.Md5Hex().ShouldBe(Convert.ToHexStringLower(MD5.HashData(expected)));
            stream.Length.ShouldBe(expected.LongLength);
            if (staysInMemory)
            {
                using var kept = stream.DetachBytes();
                kept.Memory.ToArray().ShouldBe(expected);
                stream.Dispose();
                File.Exists(path).ShouldBeFalse("a stream held in memory never creates its file");
            }
            else
            {
                Should.Throw<InvalidOperationException>(() => stream.DetachBytes());
                stream.Dispose();
                File.ReadAllBytes(path).ShouldBe(expected);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Seeking_and_reading_are_refused_because_the_hash_covers_appended_bytes_only()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hashing-{Guid.NewGuid():N}.bin");
        try
        {
            using var stream = new HashingFileStream(path);
            stream.CanSeek.ShouldBeFalse();
            stream.CanRead.ShouldBeFalse();
            Should.Throw<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
            Should.Throw<NotSupportedException>(() => stream.Position = 0);
            Should.Throw<NotSupportedException>(() => stream.Read(new byte[1], 0, 1));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

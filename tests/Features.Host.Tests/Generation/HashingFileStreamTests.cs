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

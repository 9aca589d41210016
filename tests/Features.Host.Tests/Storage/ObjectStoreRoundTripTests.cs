using System.Security.Cryptography;
using Features.Host.Storage.Objects;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Storage;

/// <summary>
/// Bytes in equal bytes out, on the real S3-protocol server: the aws-chunked trap (a body stored with its
/// chunk framing) would show here as a different length or hash, read back by an independent client.
/// </summary>
public sealed class ObjectStoreRoundTripTests
{
    public static TheoryData<int, bool> Sizes => new()
    {
        { 0, false }, { 1, false }, { 65_535, false }, { 5 * 1024 * 1024 + 17, false },
        // With the MD5 a dataset writer takes as it writes: sent as Content-MD5 instead of read back.
        { 0, true }, { 65_535, true }, { 5 * 1024 * 1024 + 17, true },
    };

    private static (S3ObjectStore Store, string Bucket) RealStore()
    {
        if (!Backends.RealConfigured)
        {
            if (ReferenceData.IsCi) throw new InvalidOperationException("FEATURES_TEST_S3_URL is not set under CI=true: run scripts/test.sh");
            return (null!, "");
        }
        var bucket = "roundtrip-" + Guid.NewGuid().ToString("N")[..16];
        return (new S3ObjectStore(new S3Options { ServiceUrl = Backends.S3Url, Bucket = bucket, AccessKey = "S3RVER", SecretKey = "S3RVER" }), bucket);
    }

    [Theory, MemberData(nameof(Sizes))]
    public async Task An_object_reads_back_byte_for_byte_through_our_store_and_an_independent_client(int size, bool knownDigests)
    {
        var (store, bucket) = RealStore();
        if (store is null) return; // outside CI without the servers started by scripts/test.sh
        using var _ = store;
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            var digests = knownDigests ? new ObjectDigests(Convert.ToHexStringLower(MD5.HashData(bytes))) : null;
            await store.PutAsync(file, "_tmp/x.bin", "round/trip.bin", CancellationToken.None, digests);

            await using (var read = await store.OpenReadAsync("round/trip.bin", CancellationToken.None))
            using (var copy = new MemoryStream())
            {
                await read.CopyToAsync(copy);
                copy.ToArray().ShouldBe(bytes);
            }

            // An independent client with the SDK's defaults for reading: what any other S3 user would see.
            using var client = Backends.S3Client();
            using var response = await client.GetObjectAsync(bucket, "round/trip.bin");
            using var raw = new MemoryStream();
            await response.ResponseStream.CopyToAsync(raw);
            raw.Length.ShouldBe(size);
            SHA256.HashData(raw.ToArray()).ShouldBe(SHA256.HashData(bytes));
            (await store.ExistsAsync("_tmp/x.bin", CancellationToken.None)).ShouldBeFalse("no temporary object is left behind");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65_535)]
    [InlineData(5 * 1024 * 1024 + 17)]
    public async Task Bytes_handed_over_in_memory_read_back_byte_for_byte_and_no_local_file_is_made(int size)
    {
        var (store, bucket) = RealStore();
        if (store is null) return; // outside CI without the servers started by scripts/test.sh
        using var _ = store;
        size.ShouldBeLessThanOrEqualTo(store.InMemoryUpToBytes);
        var bytes = new byte[size + 8];
        new Random(size).NextBytes(bytes);
        // A slice of a larger buffer, as a pooled writer buffer is: only the slice may be sent.
        var slice = bytes.AsMemory(3, size);
        var absent = Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.parquet");
        var md5 = Convert.ToHexStringLower(MD5.HashData(slice.Span));

        await ((IObjectStore)store).MoveInAllAsync([new ObjectMove(absent, "_tmp/m.bin", "in/memory.bin", new ObjectDigests(md5), slice)], 2, CancellationToken.None);

        File.Exists(absent).ShouldBeFalse("bytes in memory go to the store as they are");
        using var client = Backends.S3Client();
        using var response = await client.GetObjectAsync(bucket, "in/memory.bin");
        using var raw = new MemoryStream();
        await response.ResponseStream.CopyToAsync(raw);
        raw.ToArray().ShouldBe(slice.ToArray());
        response.ETag.Trim('"').ShouldBe(md5);
    }

    [Fact]
    public async Task An_upload_whose_body_does_not_match_its_md5_is_refused_and_leaves_no_object()
    {
        var (store, _) = RealStore();
        if (store is null) return; // outside CI without the servers started by scripts/test.sh
        using var _store = store;
        var bytes = new byte[10_000];
        new Random(3).NextBytes(bytes);
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            // The digests of other bytes: what a writer would pass if the file changed after it was hashed.
            var other = (byte[])bytes.Clone();
            other[0] ^= 1;
            var wrong = new ObjectDigests(Convert.ToHexStringLower(MD5.HashData(other)));

            await Should.ThrowAsync<Exception>(() => store.PutAsync(file, "_tmp/y.bin", "bad/digest.bin", CancellationToken.None, wrong));

            (await store.ExistsAsync("bad/digest.bin", CancellationToken.None)).ShouldBeFalse("a body that does not match its MD5 is not kept");
        }
        finally
        {
            File.Delete(file);
        }
    }
}

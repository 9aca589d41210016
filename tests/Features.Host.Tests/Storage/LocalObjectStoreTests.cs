using System.Security.Cryptography;
using Features.Host.Storage.Objects;

namespace Features.Host.Tests.Storage;

/// <summary>The embedded store's batch move: a symbol's objects moved in together, flushed as one, each promoted by a rename.</summary>
public sealed class LocalObjectStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "local-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private string LocalFile(int seed, int size)
    {
        Directory.CreateDirectory(Path.Combine(_folder, "work"));
        var path = Path.Combine(_folder, "work", $"{Guid.NewGuid():N}.bin");
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task Files_moved_in_together_land_under_their_final_keys_byte_for_byte_and_leave_nothing_behind()
    {
        var store = new LocalObjectStore(Path.Combine(_folder, "objects"));
        var sizes = new[] { 0, 1, 4096, 200_003, 37 };
        var moves = new List<ObjectMove>();
        var expected = new Dictionary<string, byte[]>();
        for (var i = 0; i < sizes.Length; i++)
        {
            var local = LocalFile(i, sizes[i]);
            var key = $"pack.feature/S{i % 2}/1d/{i}.parquet";
            expected[key] = SHA256.HashData(File.ReadAllBytes(local));
            moves.Add(new ObjectMove(local, $"_tmp/{Guid.NewGuid():N}.parquet", key));
        }

        await store.MoveInAllAsync(moves, 8, CancellationToken.None);

        foreach (var (key, sha) in expected)
        {
            await using var read = await store.OpenReadAsync(key, CancellationToken.None);
            (await SHA256.HashDataAsync(read)).ShouldBe(sha, key);
        }
        moves.ShouldAllBe(m => !File.Exists(m.LocalFile));
        var leftOnTemporaryKeys = new List<string>();
        await foreach (var stored in store.ListAsync("_tmp/", CancellationToken.None)) leftOnTemporaryKeys.Add(stored.Key);
        leftOnTemporaryKeys.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_second_batch_replaces_objects_and_recreates_a_folder_removed_under_the_store()
    {
        var root = Path.Combine(_folder, "objects");
        var store = new LocalObjectStore(root);
        await store.MoveInAllAsync([new ObjectMove(LocalFile(1, 100), "_tmp/a.parquet", "f/S/1d/a.parquet")], 8, CancellationToken.None);
        // A folder the store remembers creating is removed (an operator's clean-up): the next batch creates it again.
        Directory.Delete(Path.Combine(root, "f"), recursive: true);
        var replacement = LocalFile(2, 300);
        var sha = SHA256.HashData(File.ReadAllBytes(replacement));

        await store.MoveInAllAsync([new ObjectMove(replacement, "_tmp/b.parquet", "f/S/1d/a.parquet"),
            new ObjectMove(LocalFile(3, 10), "_tmp/c.parquet", "f/S/1d/c.parquet")], 8, CancellationToken.None);

        SHA256.HashData(File.ReadAllBytes(Path.Combine(root, "f", "S", "1d", "a.parquet"))).ShouldBe(sha);
        (await store.SizeAsync("f/S/1d/c.parquet", CancellationToken.None)).ShouldBe(10);
    }

    [Fact]
    public async Task Bytes_handed_over_in_memory_are_stored_like_a_file_although_this_store_asks_for_files()
    {
        var store = new LocalObjectStore(Path.Combine(_folder, "objects"));
        ((IObjectStore)store).InMemoryUpToBytes.ShouldBe(0, "a local store moves files in: writers should not keep datasets in memory for it");
        var bytes = new byte[5000];
        new Random(5).NextBytes(bytes);
        Directory.CreateDirectory(Path.Combine(_folder, "work"));
        var local = Path.Combine(_folder, "work", "absent.bin");

        await store.MoveInAllAsync([new ObjectMove(local, "_tmp/m.parquet", "f/S/1d/m.parquet", null, bytes.AsMemory(1, 4000))], 8, CancellationToken.None);

        File.ReadAllBytes(Path.Combine(_folder, "objects", "f", "S", "1d", "m.parquet")).ShouldBe(bytes[1..4001]);
        File.Exists(local).ShouldBeFalse();
    }
}

using System.Security.Cryptography;
using System.Text;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Security;

/// <summary>Creates, lists, revokes and checks API keys. The secret is shown once at creation and stored only as its SHA-256.</summary>
public sealed class ApiKeyStore(IDbContextFactory<FeaturesDbContext> contexts)
{
    public const string KeyPrefix = "fsk_";

    /// <summary>Creates a key; the returned secret is not recoverable afterwards.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, string role, CancellationToken ct)
    {
        if (!Roles.IsValid(role)) throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}; got '{role}'", nameof(role));
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128 || name.Any(char.IsControl))
        {
            throw new ArgumentException("name must be 1-128 characters without control characters", nameof(name));
        }
        // 32 random bytes: guessing is hopeless, so a fast unsalted hash is enough (no password stretching needed).
        var secret = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            Name = name,
            Role = role,
            KeyHash = Hash(secret),
            Prefix = secret[..12],
            CreatedAt = DateTime.UtcNow,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (key, secret);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Revokes a key; false when no such key exists. Takes effect on the next request.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null) return false;
        key.RevokedAt ??= DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The active key with this secret, or null.</summary>
    public async Task<ApiKey?> FindAsync(string secret, CancellationToken ct)
    {
        if (secret.Length is < 8 or > 256) return null;
        var hash = Hash(secret);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyHash == hash, ct);
        return key is { RevokedAt: null } ? key : null;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

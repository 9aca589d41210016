namespace Features.Host.Storage.Entities;

/// <summary>An API key: only the SHA-256 of the secret is stored, never the secret itself.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary><c>reader</c>, <c>writer</c> or <c>admin</c>.</summary>
    public required string Role { get; set; }
    /// <summary>Lowercase hex SHA-256 of the key's UTF-8 text.</summary>
    public required string KeyHash { get; set; }
    /// <summary>The first characters of the key, so an operator can tell keys apart in <c>keys list</c>.</summary>
    public required string Prefix { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

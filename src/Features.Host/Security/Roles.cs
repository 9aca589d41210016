namespace Features.Host.Security;

/// <summary>The three roles, each including the rights of the ones before it.</summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Writer = "writer";
    public const string Admin = "admin";

    /// <summary>The claim type that carries a caller's role, whichever scheme signed it in (never an issuer's own claim).</summary>
    public const string ClaimType = "features_role";

    public static readonly string[] All = [Reader, Writer, Admin];

    public static bool IsValid(string? role) => role is not null && All.Contains(role);

    public static int Rank(string role) => Array.IndexOf(All, role);

    public static bool Grants(string held, string required) => Rank(held) >= Rank(required);

    /// <summary>The roles that satisfy <paramref name="required"/>: it and every stronger one.</summary>
    public static string[] AtLeast(string required) => [.. All.Where(r => Grants(r, required))];
}

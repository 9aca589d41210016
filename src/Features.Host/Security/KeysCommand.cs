using Features.Host.Storage;

namespace Features.Host.Security;

/// <summary>
/// <c>keys create --role writer --name ci</c> | <c>keys list</c> | <c>keys revoke &lt;id&gt;</c>: key management from
/// the host's own binary, against the database its configuration names.
/// </summary>
public static class KeysCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "keys";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        await services.GetRequiredService<DatabaseInitializer>().StartAsync(CancellationToken.None);
        var store = services.GetRequiredService<ApiKeyStore>();
        var verb = args.Length > 1 ? args[1] : "";
        string? Option(string name)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        switch (verb)
        {
            case "create":
                var role = Option("role") ?? "";
                var name = Option("name") ?? "";
                try
                {
                    var (key, secret) = await store.CreateAsync(name, role, CancellationToken.None);
                    output.WriteLine($"id:     {key.Id}");
                    output.WriteLine($"name:   {key.Name}");
                    output.WriteLine($"role:   {key.Role}");
                    output.WriteLine($"key:    {secret}");
                    output.WriteLine("The key is shown only now; only its SHA-256 is stored. Send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
                    return 0;
                }
                catch (ArgumentException e)
                {
                    error.WriteLine(e.Message);
                    return 2;
                }
            case "list":
                output.WriteLine($"{"id",-36}  {"role",-6}  {"prefix",-12}  {"created (UTC)",-19}  {"revoked (UTC)",-19}  name");
                foreach (var k in await store.ListAsync(CancellationToken.None))
                {
                    output.WriteLine($"{k.Id,-36}  {k.Role,-6}  {k.Prefix,-12}  {k.CreatedAt:yyyy-MM-dd HH:mm:ss}  {(k.RevokedAt is { } r ? r.ToString("yyyy-MM-dd HH:mm:ss") : "-"),-19}  {k.Name}");
                }
                return 0;
            case "revoke":
                if (args.Length < 3 || !Guid.TryParse(args[2], out var id))
                {
                    error.WriteLine("usage: keys revoke <id>   (the id from 'keys list')");
                    return 2;
                }
                if (!await store.RevokeAsync(id, CancellationToken.None))
                {
                    error.WriteLine($"no key with id {id}");
                    return 1;
                }
                output.WriteLine($"revoked {id}");
                return 0;
            default:
                error.WriteLine("usage: keys create --role reader|writer|admin --name <name> | keys list | keys revoke <id>");
                return 2;
        }
    }
}

using System.Reflection;
using System.Runtime.CompilerServices;

namespace Features.PluginSdk;

/// <summary>
/// The wire strings of an enum used as a Choice parameter or an output category: one per member, in declaration
/// order, snake_case of the member name unless <see cref="EnumNameAttribute"/> gives one. The members must be
/// int-backed and numbered 0, 1, 2... in declaration order (the default when no values are written), so a member's
/// value is its position in the list.
/// </summary>
public static class EnumText<TEnum> where TEnum : struct, Enum
{
    private static readonly string[] Strings = Load();
    private static readonly Dictionary<string, TEnum> ByText = Strings.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => FromIndex(x.i), StringComparer.Ordinal);

    /// <summary>The strings, in member order.</summary>
    public static IReadOnlyList<string> Names => Strings;

    /// <summary>The member's string.</summary>
    public static string Name(TEnum value) => Strings[Index(value)];

    /// <summary>The member a string names; throws on an unknown string (the host validated it against <see cref="Names"/>).</summary>
    public static TEnum Parse(string text) =>
        ByText.TryGetValue(text, out var value) ? value : throw new ArgumentOutOfRangeException(nameof(text), text, $"not one of {string.Join(", ", Strings)}");

    /// <summary>The member's position in <see cref="Names"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(TEnum value) => Unsafe.As<TEnum, int>(ref value);

    private static TEnum FromIndex(int index) => Unsafe.As<int, TEnum>(ref index);

    private static string[] Load()
    {
        if (Enum.GetUnderlyingType(typeof(TEnum)) != typeof(int))
        {
            throw new InvalidOperationException($"{typeof(TEnum).Name}: an enum used for choices or categories must be int-backed");
        }
        var fields = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => f.MetadataToken).ToArray();
        for (var i = 0; i < fields.Length; i++)
        {
            if ((int)fields[i].GetRawConstantValue()! != i)
            {
                throw new InvalidOperationException($"{typeof(TEnum).Name}.{fields[i].Name}: members must be numbered 0, 1, 2... in declaration order");
            }
        }
        return [.. fields.Select(f => f.GetCustomAttribute<EnumNameAttribute>()?.Name ?? SnakeCase.From(f.Name))];
    }
}

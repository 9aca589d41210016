using System.Reflection;

namespace Features.PluginSdk;

/// <summary>
/// Reads a parameters class once (its <see cref="ParameterAttribute"/> properties, in declaration order) into the
/// <see cref="ParameterSpec"/> list the host validates with, and binds validated <see cref="ParameterValues"/> to a
/// fresh instance. Binding is plain reflection: it runs per request, never per bar.
/// </summary>
public static class ParameterBinder<TParameters> where TParameters : class, new()
{
    private sealed record Binding(PropertyInfo Property, ParameterSpec Spec, Func<ParameterValues, string, object> Read);

    private static readonly Binding[] Bindings = Load();
    private static readonly Dictionary<string, string> NamesByProperty = Bindings.ToDictionary(b => b.Property.Name, b => b.Spec.Name, StringComparer.Ordinal);

    /// <summary>The parameter specs, in declaration order.</summary>
    public static IReadOnlyList<ParameterSpec> Specs { get; } = [.. Bindings.Select(b => b.Spec)];

    /// <summary>The wire name of the parameter behind a property: <c>NameOf(nameof(p.FastPeriod))</c> → <c>fast_period</c>.</summary>
    public static string NameOf(string propertyName) =>
        NamesByProperty.TryGetValue(propertyName, out var name)
            ? name
            : throw new ArgumentException($"{typeof(TParameters).Name}.{propertyName} is not a [Parameter] property", nameof(propertyName));

    /// <summary>A new <typeparamref name="TParameters"/> holding <paramref name="values"/>; a required Text parameter left out stays null.</summary>
    public static TParameters Bind(ParameterValues values)
    {
        var bound = new TParameters();
        foreach (var binding in Bindings)
        {
            if (values.Values.ContainsKey(binding.Spec.Name))
            {
                binding.Property.SetValue(bound, binding.Read(values, binding.Spec.Name));
            }
        }
        return bound;
    }

    private static Binding[] Load()
    {
        var defaults = new TParameters();
        var bindings = new List<Binding>();
        foreach (var property in typeof(TParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (property.GetCustomAttribute<ParameterAttribute>(inherit: true) is not { } attribute) continue;
            if (property.SetMethod is null)
            {
                throw new InvalidOperationException($"{typeof(TParameters).Name}.{property.Name}: a parameter needs a setter or init accessor");
            }
            var name = attribute.Name ?? SnakeCase.From(property.Name);
            var initial = property.GetValue(defaults);
            var type = property.PropertyType;
            double? minimum = double.IsNaN(attribute.Minimum) ? null : attribute.Minimum;
            double? maximum = double.IsNaN(attribute.Maximum) ? null : attribute.Maximum;
            (ParameterSpec Spec, Func<ParameterValues, string, object> Read) entry = type switch
            {
                _ when type == typeof(int) => (Spec(ParameterType.Integer, (long)(int)initial!), static (v, n) => v.GetInt32(n)),
                _ when type == typeof(long) => (Spec(ParameterType.Integer, (long)initial!), static (v, n) => v.GetInt64(n)),
                _ when type == typeof(double) => (Spec(ParameterType.Number, (double)initial!), static (v, n) => v.GetDouble(n)),
                _ when type == typeof(bool) => (Spec(ParameterType.Boolean, (bool)initial!), static (v, n) => v.GetBoolean(n)),
                _ when type == typeof(string) => (Spec(ParameterType.Text, (string?)initial), static (v, n) => v.GetString(n)),
                _ when type == typeof(Duration) => (Spec(ParameterType.Duration, ((Duration)initial!).Text), static (v, n) => Duration.Parse(v.GetString(n))),
                _ when type.IsEnum => Choice(type, initial!),
                _ => throw new InvalidOperationException($"{typeof(TParameters).Name}.{property.Name}: parameters of type {type.Name} are not supported"),
            };
            bindings.Add(new Binding(property, entry.Spec, entry.Read));

            ParameterSpec Spec(ParameterType kind, object? defaultValue, IReadOnlyList<string>? allowed = null) => new()
            {
                Name = name,
                Type = kind,
                Default = defaultValue,
                Minimum = kind is ParameterType.Integer or ParameterType.Number ? minimum : null,
                Maximum = kind is ParameterType.Integer or ParameterType.Number ? maximum : null,
                AllowedValues = allowed,
                Required = kind == ParameterType.Text && defaultValue is null,
                Description = attribute.Describe(defaultValue),
            };

            (ParameterSpec, Func<ParameterValues, string, object>) Choice(Type enumType, object defaultValue)
            {
                var text = typeof(EnumText<>).MakeGenericType(enumType);
                var names = (IReadOnlyList<string>)text.GetProperty(nameof(EnumText<>.Names))!.GetValue(null)!;
                var parse = text.GetMethod(nameof(EnumText<>.Parse))!;
                var defaultText = names[(int)defaultValue];
                return (Spec(ParameterType.Choice, defaultText, names), (v, n) => parse.Invoke(null, [v.GetString(n)])!);
            }
        }
        if (bindings.Select(b => b.Spec.Name).Distinct(StringComparer.Ordinal).Count() != bindings.Count)
        {
            throw new InvalidOperationException($"{typeof(TParameters).Name}: two parameters have the same name");
        }
        return [.. bindings];
    }
}

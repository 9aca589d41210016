namespace Features.PluginSdk;

/// <summary>
/// Declares a property of a parameters class (see <see cref="FeaturePlugin{TParameters}"/>) as a plugin parameter.
/// The parameter's name is the property's name in snake_case (<c>FastPeriod</c> → <c>fast_period</c>) unless
/// <see cref="Name"/> says otherwise; its default is the property's initial value; its type follows the property's
/// type: <see cref="int"/>/<see cref="long"/> → Integer, <see cref="double"/> → Number, <see cref="bool"/> → Boolean,
/// an enum → Choice (member names in snake_case, in declaration order, or <see cref="EnumNameAttribute"/>),
/// <see cref="string"/> → Text (a null default makes it required), <see cref="Duration"/> → Duration.
/// Parameters are listed in declaration order.
/// <para>
/// Subclass it for a parameter several plugins share (a window, an input series): the subclass's constructor sets
/// the description and range once, and <see cref="Describe"/> may mention the default.
/// </para>
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public class ParameterAttribute(string description) : Attribute
{
    /// <summary>What the parameter means, in a sentence (listed at <c>/plugins/available</c>).</summary>
    public string Description { get; } = description;

    /// <summary>The wire name when snake_case of the property name is not it.</summary>
    public string? Name { get; set; }

    /// <summary>Smallest allowed value (Integer, Number), inclusive; NaN for none.</summary>
    public double Minimum { get; set; } = double.NaN;

    /// <summary>Largest allowed value (Integer, Number), inclusive; NaN for none.</summary>
    public double Maximum { get; set; } = double.NaN;

    /// <summary>The description listed for this parameter, given its default as the wire sees it (a string for Choice, Text and Duration).</summary>
    public virtual string Describe(object? defaultValue) => Description;
}

/// <summary>The wire name of an enum member (a Choice value or an output category) when snake_case of its name is not it, e.g. <c>"H"</c>.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false)]
public sealed class EnumNameAttribute(string name) : Attribute
{
    /// <summary>The string written on the wire.</summary>
    public string Name { get; } = name;
}

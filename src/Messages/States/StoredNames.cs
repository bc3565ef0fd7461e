using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace CellActors.Messages;

/// <summary>
/// The text an enum value is stored and sent as: the name in its <see cref="JsonStringEnumMemberNameAttribute"/>, so the
/// database columns, the JSON the serializer writes and this mapping are one and the same (see <see cref="JobPhase"/>).
/// </summary>
public static class StoredNames
{
    /// <summary>The stored name of <paramref name="value"/>.</summary>
    public static string StoredName<T>(this T value)
        where T : struct, Enum =>
        Names<T>.ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(T).Name}");

    /// <summary>The value stored as <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">no value of <typeparamref name="T"/> is stored under that name.</exception>
    public static T Parse<T>(string name)
        where T : struct, Enum =>
        Names<T>.ByName.TryGetValue(name, out var value) ? value
            : throw new InvalidDataException($"'{name}' is not a {typeof(T).Name} (expected {string.Join(", ", Names<T>.ByName.Keys.Order(StringComparer.Ordinal))})");

    /// <summary>Every value of <typeparamref name="T"/> with its stored name, in declaration order.</summary>
    public static IReadOnlyList<(T Value, string Name)> All<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(v => (v, v.StoredName())).ToList();

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToFrozenDictionary(f => (T)f.GetValue(null)!, f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{f.Name} has no stored name"));

        public static readonly FrozenDictionary<string, T> ByName = ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}

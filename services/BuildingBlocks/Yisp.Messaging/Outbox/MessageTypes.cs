using System.Reflection;

namespace Yisp.Messaging.Outbox;

/// <summary>An assembly of message contracts the outbox may store and publish.</summary>
public sealed record ContractAssembly(Assembly Assembly);

/// <summary>Maps the type names stored in outbox rows back to contract types.</summary>
public sealed class MessageTypes
{
    private readonly Dictionary<string, Type> byName;

    public MessageTypes(IEnumerable<ContractAssembly> assemblies)
    {
        byName = assemblies.Select(a => a.Assembly).Distinct()
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericType: false, Namespace: not null })
            .ToDictionary(t => t.FullName!, StringComparer.Ordinal);
    }

    public string NameOf(Type type) =>
        byName.TryGetValue(type.FullName ?? "", out var known) && known == type
            ? type.FullName!
            : throw new InvalidOperationException($"{type.FullName} is not a message contract: add it to contracts/.");

    public Type? Resolve(string name) => byName.GetValueOrDefault(name);
}

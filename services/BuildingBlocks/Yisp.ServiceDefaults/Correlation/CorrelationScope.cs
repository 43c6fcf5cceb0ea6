using System.Collections;

namespace Yisp.ServiceDefaults.Correlation;

/// <summary>A log scope holding the correlation id, readable both as a property and as text.</summary>
public sealed class CorrelationScope(string correlationId) : IReadOnlyList<KeyValuePair<string, object>>
{
    private readonly KeyValuePair<string, object> entry = new("CorrelationId", correlationId);

    public int Count => 1;

    public KeyValuePair<string, object> this[int index] =>
        index == 0 ? entry : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return entry;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"CorrelationId:{entry.Value}";
}

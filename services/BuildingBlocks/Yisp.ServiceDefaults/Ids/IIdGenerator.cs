namespace Yisp.ServiceDefaults.Ids;

/// <summary>The one place ids come from: time-ordered UUIDv7, so keys index well on every engine.</summary>
public interface IIdGenerator
{
    Guid NewId();
}

public sealed class UuidV7Generator(TimeProvider time) : IIdGenerator
{
    public Guid NewId() => Guid.CreateVersion7(time.GetUtcNow());
}

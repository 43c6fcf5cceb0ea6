namespace Yisp.Messaging.Tests.Support;

// Message types of the tests' own, so building-block tests depend on no service's events.
public sealed record WorkItemCreated(Guid WorkItemId, string Label);

public sealed record CounterIncremented(Guid CounterId);

public sealed record PoisonPill(Guid PillId, string Note);

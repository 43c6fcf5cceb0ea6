namespace Yisp.ServiceDefaults.Http;

/// <summary>How a command on an existing resource ended; <see cref="CommandAnswers"/> turns each into the same HTTP answer in every service.</summary>
public enum CommandStatus
{
    Done,
    NotFound,
    /// <summary>The resource changed since the version the caller sent in If-Match: 412.</summary>
    StaleVersion,
    /// <summary>The resource's state forbids the change (closed, withdrawn, suspended, ...): 409.</summary>
    NotAllowed,
    /// <summary>The request is well formed but names something the resource does not hold: 400 naming the field.</summary>
    Invalid,
}

/// <summary>The result of a command: the changed resource, or why nothing changed.</summary>
public sealed record CommandOutcome<T>(CommandStatus Status, T? Value = default, string? Field = null, string? Problem = null)
{
    public static CommandOutcome<T> Done(T value) => new(CommandStatus.Done, value);

    public static CommandOutcome<T> NotFound() => new(CommandStatus.NotFound);

    public static CommandOutcome<T> Stale() => new(CommandStatus.StaleVersion);

    public static CommandOutcome<T> NotAllowed(string problem) => new(CommandStatus.NotAllowed, Problem: problem);

    public static CommandOutcome<T> Invalid(string field, string problem) => new(CommandStatus.Invalid, Field: field, Problem: problem);

    /// <summary>The same failure for another value type (a command's inner step failed).</summary>
    public CommandOutcome<TOther> As<TOther>() => Status == CommandStatus.Done
        ? throw new InvalidOperationException("A successful outcome carries its own value.")
        : new(Status, default, Field, Problem);
}

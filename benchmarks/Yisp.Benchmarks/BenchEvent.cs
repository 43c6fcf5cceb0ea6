namespace Yisp.Benchmarks.Contracts;

public sealed record BenchEvent(Guid Id, int Sequence);

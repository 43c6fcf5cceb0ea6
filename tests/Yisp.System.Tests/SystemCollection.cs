namespace Yisp.System.Tests;

/// <summary>One platform for every fault test: starting eleven processes once keeps the run to minutes, and each test
/// starts from whatever the faults before it left, which must be nothing.</summary>
[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemPlatform>
{
    public const string Name = "system";
}

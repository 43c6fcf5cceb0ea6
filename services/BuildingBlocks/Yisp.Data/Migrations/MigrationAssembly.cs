using System.Reflection;

namespace Yisp.Data.Migrations;

/// <summary>An assembly whose FluentMigrator migrations belong to this service's schema.</summary>
public sealed record MigrationAssembly(Assembly Assembly);

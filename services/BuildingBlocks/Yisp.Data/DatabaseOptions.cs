using System.ComponentModel.DataAnnotations;

namespace Yisp.Data;

public enum DatabaseEngine
{
    Postgres,
    SqlServer,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseEngine Engine { get; set; } = DatabaseEngine.Postgres;

    [Required]
    public string ConnectionString { get; set; } = "";
}

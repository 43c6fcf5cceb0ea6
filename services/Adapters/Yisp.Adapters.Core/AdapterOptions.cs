using System.ComponentModel.DataAnnotations;

namespace Yisp.Adapters;

/// <summary>Which agency this adapter speaks for.</summary>
public sealed class AdapterOptions
{
    public const string Section = "Adapter";

    /// <summary>The agency's code (see Yisp.Contracts.Agency).</summary>
    [Required]
    public string Agency { get; set; } = "";
}

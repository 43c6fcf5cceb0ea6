using Microsoft.AspNetCore.Builder;

namespace Yisp.ServiceDefaults;

/// <summary>Middleware a building block adds ahead of authentication, so it also sees requests that authorization refuses.</summary>
public interface IRequestPipelineStage
{
    void Configure(IApplicationBuilder app);
}

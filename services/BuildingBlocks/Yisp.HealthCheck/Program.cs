using Yisp.HealthCheck;

return await HealthProbe.RunAsync(args, Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"), Console.Error);

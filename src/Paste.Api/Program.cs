using Paste.Api;
using Paste.Api.Logging;
using Paste.Api.Middleware;
using Paste.Application;
using Paste.Infrastructure;
using Paste.Infrastructure.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddPasteLogging();
builder.Services
    .AddApplication(builder.Configuration)
    .AddInfrastructure(builder.Configuration)
    .AddApi();

var app = builder.Build();

app.UseMiddleware<RequestIdMiddleware>();
app.UsePasteRequestLogging();
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseMiddleware<HeadRequestMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwagger();
app.UseSwaggerUI();
app.UseRouting(); // explicit, so that routing sees HEAD already rewritten to GET
app.UseAuthentication();
app.MapControllers();

await app.Services.InitialiseDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point; public so that integration tests can host the application.</summary>
public partial class Program;

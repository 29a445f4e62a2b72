using System.Net;
using Retain.Testing;
using Retain.Server.Tests.Api;

namespace Retain.Server.Tests.Process;

/// <summary>The out-of-process server helper itself: it serves, dies on SIGKILL and comes back on the same data.</summary>
public sealed class ServerProcessTests
{
    [Fact]
    public async Task KilledServer_RestartsOnTheSameDatabase()
    {
        var directory = Directory.CreateTempSubdirectory("retain-proc-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(Path.Combine(directory, "retain.db"), cancellationToken: Json.Ct);
            var token = await server.CreateApiKeyAsync(cancellationToken: Json.Ct);
            using (var client = server.CreateClient(token))
                await (await client.PutJson("/api/v1/orders/o1", Json.Order())).Expect(HttpStatusCode.Created);
            var firstPid = server.ProcessId;
            server.Kill();
            Assert.False(server.IsRunning);
            await server.RestartAsync(Json.Ct);
            Assert.NotEqual(firstPid, server.ProcessId);
            using var again = server.CreateClient(token);
            await (await again.GetAsync("/api/v1/orders/o1", Json.Ct)).Expect(HttpStatusCode.OK);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Yisp.Referral.Application;
using Yisp.Referral.Domain.Privacy;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

public sealed class KeyRotationTests
{
    private const string OldKey = "test";
    private const string NewKey = "k2";
    private const string NewKeyValue = "Xrw4fOMBfHRcVuoBT8FXHCCfu3aSiuXflpUmWOoKLDU=";

    [Fact]
    public async Task Rotating_the_service_key_reseals_every_data_key_once_across_replicas_and_the_old_key_can_then_be_removed()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var first = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Ada", nhsNumber: ReferralPayloads.NhsNumber(31)));
        var second = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Bea", nhsNumber: ReferralPayloads.NhsNumber(32)));
        var written = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Cal", nhsNumber: ReferralPayloads.NhsNumber(33)));
        var legacy = await MakeFirstFormatAsync(context, written.Id());
        var identitiesBefore = await IdentitiesAsync(context);

        await using var replicaA = context.Replica(WithNewKeyActive);
        await using var replicaB = context.Replica(WithNewKeyActive);
        await Task.WhenAll(Reseal(replicaA), Reseal(replicaB));
        var report = await replicaA.Services.GetRequiredService<KeyResealing>().RunOnceAsync(CancellationToken.None);

        Assert.Equal((0L, 0L), (report.KeysUnderOtherKeys, report.IdentitiesWaiting));
        Assert.Equal(3L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referral_keys WHERE service_key_id = @NewKey", new { NewKey }));
        Assert.Equal(3L, await context.ScalarAsync<long>("SELECT COUNT(DISTINCT sealed_key) FROM referral_keys"));
        var identitiesAfter = await IdentitiesAsync(context);
        Assert.Equal(identitiesBefore[first.Id()], identitiesAfter[first.Id()]); // only the data key was re-sealed
        Assert.Equal(identitiesBefore[second.Id()], identitiesAfter[second.Id()]);
        Assert.NotEqual(legacy, identitiesAfter[written.Id()]);
        Assert.StartsWith("v2:", identitiesAfter[written.Id()], StringComparison.Ordinal);

        await using var onlyNewKey = context.Replica(settings =>
        {
            WithNewKeyActive(settings);
            settings.Remove($"Referral:Privacy:Keys:{OldKey}");
        });
        var client = onlyNewKey.CreateClient();
        await TestIdentity.AuthorizeAsync(client, TestIdentity.Coordinator);
        foreach (var (referral, name) in new[] { (first, "Ada"), (second, "Bea"), (written, "Cal") })
        {
            var response = await client.GetAsync($"/api/referrals/{referral.Id()}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(name, body.GetProperty("child").Str("givenName"));
        }
    }

    [Fact]
    public void A_data_key_sealed_for_one_referral_does_not_open_for_another()
    {
        var protector = new IdentityProtector(new Dictionary<string, byte[]> { [NewKey] = Convert.FromBase64String(NewKeyValue) }, NewKey);
        var (one, other) = (Guid.NewGuid(), Guid.NewGuid());
        var dataKey = DataKey.New();
        var sealedKey = protector.SealDataKey(dataKey, one);
        var sealedIdentity = dataKey.Seal("{}", one);

        Assert.Equal("{}", protector.OpenDataKey(sealedKey, one).Open(sealedIdentity, one));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.OpenDataKey(sealedKey, other));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => dataKey.Open(sealedIdentity, other));
    }

    private static void WithNewKeyActive(Dictionary<string, string?> settings)
    {
        settings[$"Referral:Privacy:Keys:{NewKey}"] = NewKeyValue;
        settings["Referral:Privacy:ActiveKeyId"] = NewKey;
    }

    private static Task<ResealReport> Reseal(ServiceFactory<ReferralServiceMarker> replica) =>
        replica.Services.GetRequiredService<KeyResealing>().RunOnceAsync(CancellationToken.None);

    /// <summary>Turns a referral back into a row written before data keys: its identity sealed straight under the service key.</summary>
    private static async Task<string> MakeFirstFormatAsync(ReferralTestContext context, Guid id)
    {
        var protector = context.Service.Services.GetRequiredService<IdentityProtector>();
        await using var connection = new NpgsqlConnection(context.Database.ConnectionString);
        var row = await connection.QuerySingleAsync<(string Identity, string Key)>(
            "SELECT r.sealed_identity, k.sealed_key FROM referrals r JOIN referral_keys k ON k.referral_id = r.id WHERE r.id = @id", new { id });
        var legacy = protector.ProtectLegacy(protector.OpenDataKey(row.Key, id).Open(row.Identity, id));
        await connection.ExecuteAsync("UPDATE referrals SET sealed_identity = @legacy WHERE id = @id; DELETE FROM referral_keys WHERE referral_id = @id",
            new { legacy, id });
        return legacy;
    }

    private static async Task<Dictionary<Guid, string>> IdentitiesAsync(ReferralTestContext context)
    {
        await using var connection = new NpgsqlConnection(context.Database.ConnectionString);
        return (await connection.QueryAsync<(Guid Id, string Identity)>("SELECT id, sealed_identity FROM referrals")).ToDictionary(r => r.Id, r => r.Identity);
    }
}

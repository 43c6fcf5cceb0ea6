using Dapper;
using Yisp.Data;
using Yisp.Messaging.Outbox;

namespace Yisp.Referral.Data;

public sealed class ReferralStore(Database database)
{
    public Task InsertAsync(UnitOfWork unitOfWork, Domain.Referral referral, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.Insert, referral, cancellationToken));

    public async Task<Domain.Referral?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(
            ReferralSql.FindById, new { id }, cancellationToken: cancellationToken));
        return row?.ToDomain();
    }

    private sealed class ReferralRow
    {
        public Guid Id { get; set; }
        public string ReferringAgency { get; set; } = "";
        public string ChildGivenName { get; set; } = "";
        public string ChildFamilyName { get; set; } = "";
        public DateOnly ChildDateOfBirth { get; set; }
        public string Postcode { get; set; } = "";
        public string Reasons { get; set; } = "";
        public string Status { get; set; } = "";
        public DateTimeOffset ReceivedAt { get; set; }

        public Domain.Referral ToDomain() => new(
            Id, ReferringAgency, ChildGivenName, ChildFamilyName, ChildDateOfBirth, Postcode, Reasons, Status, ReceivedAt);
    }
}

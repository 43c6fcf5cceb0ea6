using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;

namespace Yisp.Referral.Data;

/// <summary>One correction of a child's details: who, when and which details in the clear; the reason and the replaced values sealed.</summary>
public sealed record IdentityCorrectionRow(Guid Id, Guid ReferralId, DateTimeOffset CorrectedAt, string CorrectedBy, string FieldsChanged, string SealedDetails);

/// <summary>The history of corrections: written with the correction, read by coordinators, deleted by erasure (see <see cref="RetentionStore"/>).</summary>
public sealed class CorrectionStore(Database database)
{
    public Task InsertAsync(UnitOfWork unitOfWork, IdentityCorrectionRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(PrivacySql.InsertCorrection, row, cancellationToken));

    public async Task<IReadOnlyList<IdentityCorrectionRow>> OfReferralAsync(Guid referralId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<IdentityCorrectionRow>(new CommandDefinition(PrivacySql.CorrectionsOf, new { referralId },
            cancellationToken: cancellationToken))).AsList();
    }
}

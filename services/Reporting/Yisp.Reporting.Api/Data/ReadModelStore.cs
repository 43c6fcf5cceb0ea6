using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;

namespace Yisp.Reporting.Data;

/// <summary>The read model's writes (see <see cref="ReportingSql"/>: order-independent and idempotent) and its one read.</summary>
public sealed class ReadModelStore(Database database)
{
    public Task ExecuteAsync(UnitOfWork unitOfWork, string sql, object parameters, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(sql, parameters, cancellationToken));

    public async Task ClearAsync(UnitOfWork unitOfWork, CancellationToken cancellationToken)
    {
        foreach (var sql in new[] { ReportingSql.ClearReviews, ReportingSql.ClearAssessments, ReportingSql.ClearInterventions, ReportingSql.ClearCases, ReportingSql.ClearReferrals })
        {
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(sql, cancellationToken: cancellationToken));
        }
    }

    public async Task<ReadModel> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        async Task<IReadOnlyList<T>> All<T>(string sql) =>
            (await connection.QueryAsync<T>(new CommandDefinition(sql, cancellationToken: cancellationToken))).AsList();
        return new ReadModel(await All<ReferralFacts>(ReportingSql.AllReferrals), await All<CaseFacts>(ReportingSql.AllCases),
            await All<InterventionFacts>(ReportingSql.AllInterventions), await All<AssessmentFacts>(ReportingSql.AllAssessments),
            await All<ReviewFacts>(ReportingSql.AllReviews));
    }
}

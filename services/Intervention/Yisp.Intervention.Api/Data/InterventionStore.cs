using Yisp.Messaging.Transactions;
using Dapper;
using Yisp.Messaging.Outbox;

namespace Yisp.Intervention.Data;

public static class InterventionStore
{
    public static Task<CaseRow?> FindCaseAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        unitOfWork.Connection.QuerySingleOrDefaultAsync<CaseRow>(unitOfWork.Command(InterventionSql.FindCase, new { caseId }, cancellationToken));

    public static Task InsertCaseAsync(UnitOfWork unitOfWork, CaseRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertCase, row, cancellationToken));

    /// <summary>Writes the case and bumps its version, unless somebody changed it since <paramref name="expectedVersion"/>.</summary>
    public static async Task<bool> UpdateCaseAsync(UnitOfWork unitOfWork, CaseRow row, int expectedVersion, CancellationToken cancellationToken)
    {
        row.Version = expectedVersion + 1;
        var parameters = new DynamicParameters(row);
        parameters.Add("ExpectedVersion", expectedVersion);
        return await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.UpdateCase, parameters, cancellationToken)) == 1;
    }

    public static async Task<IReadOnlyList<InterventionRow>> InterventionsAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<InterventionRow>(unitOfWork.Command(InterventionSql.FindInterventions, new { caseId }, cancellationToken))).AsList();

    public static Task InsertInterventionAsync(UnitOfWork unitOfWork, InterventionRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertIntervention, row, cancellationToken));

    public static Task UpdateInterventionAsync(UnitOfWork unitOfWork, InterventionRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.UpdateIntervention, row, cancellationToken));

    public static async Task<IReadOnlyList<AssessmentRow>> AssessmentsAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<AssessmentRow>(unitOfWork.Command(InterventionSql.FindAssessments, new { caseId }, cancellationToken))).AsList();
}

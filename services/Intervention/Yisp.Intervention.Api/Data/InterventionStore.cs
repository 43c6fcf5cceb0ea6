using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;

namespace Yisp.Intervention.Data;

/// <summary>Every read and write of cases, their plans, assessments, reviews, progress notes and timelines.</summary>
public sealed class InterventionStore(Database database, TimeProvider time)
{
    public Task<CaseRow?> FindCaseAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        unitOfWork.Connection.QuerySingleOrDefaultAsync<CaseRow>(unitOfWork.Command(InterventionSql.FindCase, new { caseId }, cancellationToken));

    public Task InsertCaseAsync(UnitOfWork unitOfWork, CaseRow row, CancellationToken cancellationToken)
    {
        row.ChangedAt = time.GetUtcNow();
        return unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertCase, row, cancellationToken));
    }

    /// <summary>Writes the case if it is still at the version it was read at, and moves it to the next version; false when somebody changed it.</summary>
    public Task<bool> UpdateCaseAsync(UnitOfWork unitOfWork, CaseRow row, CancellationToken cancellationToken)
    {
        row.ChangedAt = time.GetUtcNow();
        return unitOfWork.UpdateVersionedAsync(InterventionSql.UpdateCase, row, cancellationToken);
    }

    /// <summary>The cases consent shares with an agency (as this service last heard), changed after a cursor and before the settled instant.</summary>
    public async Task<IReadOnlyList<SharedCase>> SharedWithAsync(string agency, DateTimeOffset afterAt, Guid afterId, DateTimeOffset settled, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SharedCase>(new CommandDefinition(InterventionSql.SharedWith,
            new { agency = $"%,{agency},%", afterAt, afterId, settled, limit }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<IReadOnlyList<InterventionRow>> InterventionsAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<InterventionRow>(unitOfWork.Command(InterventionSql.FindInterventions, new { caseId }, cancellationToken))).AsList();

    public Task InsertInterventionAsync(UnitOfWork unitOfWork, InterventionRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertIntervention, row, cancellationToken));

    public Task UpdateInterventionAsync(UnitOfWork unitOfWork, InterventionRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.UpdateIntervention, row, cancellationToken));

    public async Task<IReadOnlyList<AssessmentRow>> AssessmentsAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<AssessmentRow>(unitOfWork.Command(InterventionSql.FindAssessments, new { caseId }, cancellationToken))).AsList();

    public Task<int> NextAssessmentVersionAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteScalarAsync<int>(unitOfWork.Command(InterventionSql.NextAssessmentVersion, new { caseId }, cancellationToken));

    public Task InsertAssessmentAsync(UnitOfWork unitOfWork, AssessmentRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertAssessment, row, cancellationToken));

    public Task InsertReviewAsync(UnitOfWork unitOfWork, ReviewRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertReview, row, cancellationToken));

    public Task InsertProgressNoteAsync(UnitOfWork unitOfWork, NewProgressNoteRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertProgressNote, row, cancellationToken));

    public async Task<IReadOnlyList<ProgressNoteRow>> ProgressNotesAsync(Guid caseId, Guid interventionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ProgressNoteRow>(
            new CommandDefinition(InterventionSql.FindProgressNotes, new { caseId, interventionId }, cancellationToken: cancellationToken))).AsList();
    }

    public Task InsertTimelineEntryAsync(UnitOfWork unitOfWork, TimelineRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertTimelineEntry, row, cancellationToken));

    /// <summary>A page of the case's timeline, only the lines whose purpose is in <paramref name="purposes"/>.</summary>
    public async Task<IReadOnlyList<TimelineRow>> TimelineAsync(Guid caseId, IReadOnlyCollection<string> purposes, int skip, int take,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TimelineRow>(new CommandDefinition(InterventionSql.FindTimeline(database.Dialect),
            new { caseId, purposes = purposes.ToArray(), skip, take }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<IReadOnlyList<Guid>> DueOverdueReviewsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(InterventionSql.DueOverdueReviews, new { now }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Marks the case's overdue review raised for its due date; true only for the replica whose update changed the row.</summary>
    public async Task<bool> ClaimOverdueReviewAsync(UnitOfWork unitOfWork, Guid caseId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.ClaimOverdueReview, new { caseId, now }, cancellationToken)) == 1;

    public Task<DateTimeOffset> ReviewDueAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteScalarAsync<DateTimeOffset>(unitOfWork.Command(InterventionSql.FindDueDate, new { caseId }, cancellationToken));

    /// <summary>The database refused a second row under a unique key (the same agency reference, sent twice at once).</summary>
    public bool IsDuplicate(System.Data.Common.DbException exception) => database.Dialect.IsUniqueViolation(exception);

    public Task InsertStatutoryFlagAsync(UnitOfWork unitOfWork, StatutoryFlagRow row, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(InterventionSql.InsertStatutoryFlag, row, cancellationToken));

    /// <summary>The flag an agency reported under its own reference, if any (on whichever case).</summary>
    public async Task<StatutoryFlagRow?> FindStatutoryFlagAsync(string agency, string reference, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StatutoryFlagRow>(
            new CommandDefinition(InterventionSql.FindStatutoryFlag, new { agency, reference }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<StatutoryFlagRow>> StatutoryFlagsAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<StatutoryFlagRow>(unitOfWork.Command(InterventionSql.FindStatutoryFlags, new { caseId }, cancellationToken))).AsList();
}

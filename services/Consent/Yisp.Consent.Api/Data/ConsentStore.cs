using Dapper;
using Yisp.Consent.Domain;
using Yisp.Data;
using Yisp.Messaging.Transactions;

namespace Yisp.Consent.Data;

/// <summary>Every read and write of the consent service's tables.</summary>
public sealed class ConsentStore(Database database)
{
    public Task<ConsentRequestRow?> FindRequestAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        unitOfWork.Connection.QuerySingleOrDefaultAsync<ConsentRequestRow>(unitOfWork.Command(ConsentSql.FindRequest, new { caseId }, cancellationToken));

    public async Task<ConsentRequestRow?> FindRequestAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ConsentRequestRow>(
            new CommandDefinition(ConsentSql.FindRequest, new { caseId }, cancellationToken: cancellationToken));
    }

    /// <summary>Locks the case's request for this transaction, then reads it: the way every writer starts.</summary>
    public async Task<ConsentRequestRow?> LockRequestAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken)
    {
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.LockRequest, new { caseId }, cancellationToken));
        return await FindRequestAsync(unitOfWork, caseId, cancellationToken);
    }

    public Task InsertRequestAsync(UnitOfWork unitOfWork, ConsentRequestRow request, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.InsertRequest, request, cancellationToken));

    /// <summary>Writes the request if it is still at the version it was read at, and moves it to the next version; false when somebody changed it.</summary>
    public Task<bool> UpdateRequestAsync(UnitOfWork unitOfWork, ConsentRequestRow request, CancellationToken cancellationToken) =>
        unitOfWork.UpdateVersionedAsync(ConsentSql.UpdateRequest, request, cancellationToken);

    public async Task<IReadOnlyList<DecisionRow>> DecisionsAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<DecisionRow>(unitOfWork.Command(ConsentSql.FindDecisions, new { caseId }, cancellationToken))).AsList();

    public async Task<IReadOnlyList<DecisionRow>> DecisionsAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DecisionRow>(new CommandDefinition(ConsentSql.FindDecisions, new { caseId }, cancellationToken: cancellationToken))).AsList();
    }

    public Task InsertDecisionsAsync(UnitOfWork unitOfWork, IEnumerable<DecisionRow> decisions, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.InsertDecision, decisions, cancellationToken));

    public async Task<IReadOnlyList<EffectiveItem>> EffectiveAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<EffectiveRow>(unitOfWork.Command(ConsentSql.FindEffective, new { caseId }, cancellationToken)))
        .Select(r => new EffectiveItem(new ScopeItem(r.Purpose, r.Agency), r.ExpiresAt)).ToList();

    public async Task<IReadOnlyList<EffectiveItem>> EffectiveAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<EffectiveRow>(new CommandDefinition(ConsentSql.FindEffective, new { caseId }, cancellationToken: cancellationToken)))
            .Select(r => new EffectiveItem(new ScopeItem(r.Purpose, r.Agency), r.ExpiresAt)).ToList();
    }

    /// <summary>Replaces what is in force for the case with <paramref name="items"/>.</summary>
    public async Task ReplaceEffectiveAsync(UnitOfWork unitOfWork, Guid caseId, IEnumerable<EffectiveItem> items, CancellationToken cancellationToken)
    {
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.DeleteEffective, new { caseId }, cancellationToken));
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.InsertEffective,
            items.Select(e => new { CaseId = caseId, e.Item.Purpose, e.Item.Agency, e.ExpiresAt }), cancellationToken));
    }

    /// <summary>The rows in force for one agency and purpose of a case (the consent check), read outside any transaction.</summary>
    public async Task<IReadOnlyList<EffectiveRow>> InForceAsync(Guid caseId, string agency, string purpose, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<EffectiveRow>(new CommandDefinition(ConsentSql.Check,
            new { caseId, agency, purpose, now }, cancellationToken: cancellationToken))).AsList();
    }

    public Task<IReadOnlyList<DueRow>> DueExpiriesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        DueAsync(ConsentSql.DueExpiries, new { yes = true, no = false, now }, cancellationToken);

    public Task<IReadOnlyList<DueRow>> DueRemindersAsync(DateTimeOffset now, DateTimeOffset remindFrom, CancellationToken cancellationToken) =>
        DueAsync(ConsentSql.DueReminders, new { yes = true, no = false, now, remindFrom }, cancellationToken);

    /// <summary>Marks a due expiry raised; true only for the one replica whose update changed the row.</summary>
    public async Task<bool> ClaimExpiryAsync(UnitOfWork unitOfWork, Guid decisionId, CancellationToken cancellationToken) =>
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.ClaimExpiry, new { yes = true, no = false, id = decisionId }, cancellationToken)) == 1;

    /// <summary>Marks a due reminder sent; true only for the one replica whose update changed the row.</summary>
    public async Task<bool> ClaimReminderAsync(UnitOfWork unitOfWork, Guid decisionId, CancellationToken cancellationToken) =>
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.ClaimReminder, new { yes = true, no = false, id = decisionId }, cancellationToken)) == 1;

    private async Task<IReadOnlyList<DueRow>> DueAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DueRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
    }
}

using Yisp.Messaging.Transactions;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Yisp.Consent.Data;
using Yisp.Consent.Domain;
using Yisp.Contracts.Consent;
using Yisp.Data.Dialects;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Consent.Application;

public sealed record DecisionItem(string Purpose, string? Agency, bool Granted);

public sealed record RecordDecisions(Guid CaseId, string Party, IReadOnlyList<DecisionItem> Items, string RecordedBy, string Method,
    string? DocumentReference, DateTimeOffset? ExpiresAt);

public sealed record Withdraw(Guid CaseId, string Party, IReadOnlyList<string> Purposes, IReadOnlyList<string> Agencies, string RecordedBy, string Method);

public enum CommandStatus
{
    Done,
    NotFound,
    StaleVersion,
    Invalid,
    Closed,
    Replayed,
    KeyReused,
}

/// <summary>The result of a command; <see cref="Field"/> and <see cref="Problem"/> say what was wrong with it.</summary>
public sealed record CommandOutcome(CommandStatus Status, ConsentRequestRow? Request = null, string? Field = null, string? Problem = null);

/// <summary>Opens consent requests and records decisions, withdrawals and competence judgements.</summary>
public sealed class ConsentCommands(
    UnitOfWorkFactory unitsOfWork, ConsentLedger ledger, IOptionsMonitor<ConsentOptions> options, ISqlDialect dialect, IIdGenerator ids, TimeProvider time)
{
    /// <summary>Opens the case's request, or widens an open one to agencies a later referral named.</summary>
    public async Task OpenAsync(UnitOfWork unitOfWork, Guid caseId, IEnumerable<string> agencies, CancellationToken cancellationToken)
    {
        var request = await ConsentLedger.LockRequestAsync(unitOfWork, caseId, cancellationToken);
        if (request is null)
        {
            request = new ConsentRequestRow
            {
                CaseId = caseId,
                Agencies = string.Join(',', agencies.Distinct().Order(StringComparer.Ordinal)),
                RequiredParties = string.Join(',', options.CurrentValue.Required),
                Status = RequestStatus.Open,
                OpenedAt = time.GetUtcNow(),
                Version = 1,
            };
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.InsertRequest, request, cancellationToken));
            return;
        }
        var widened = request.AgencyList.Union(agencies).Distinct().Order(StringComparer.Ordinal).ToList();
        if (request.Status == RequestStatus.Open && widened.Count == request.AgencyList.Count)
        {
            // Another referral of a case whose consent is already in force: say so again, so that referral moves on too.
            var effective = await ConsentLedger.EffectiveAsync(unitOfWork, caseId, cancellationToken);
            if (effective.Count > 0)
            {
                unitOfWork.Publish(new ConsentGranted(caseId, [.. effective.Select(e => e.Item.Purpose).Distinct()],
                    [.. effective.Where(e => e.Item.Purpose == ConsentPurpose.Sharing).Select(e => e.Item.Agency)], time.GetUtcNow()));
            }
        }
        else if (request.Status == RequestStatus.Open)
        {
            var expected = request.Version;
            request.Agencies = string.Join(',', widened);
            request.Version++;
            if (!await ConsentLedger.UpdateRequestAsync(unitOfWork, request, expected, cancellationToken))
            {
                throw new System.Data.DBConcurrencyException("The consent request changed while it was widened; retrying.");
            }
            await ledger.RefreshAsync(unitOfWork, request, Change.Scope, cancellationToken);
        }
    }

    public Task<CommandOutcome> RecordAsync(RecordDecisions command, int expectedVersion, string? idempotencyKey, string requestHash, CancellationToken cancellationToken) =>
        RunAsync(command.CaseId, expectedVersion, idempotencyKey, requestHash, cancellationToken, async (unitOfWork, request) =>
        {
            if (!request.RequiredPartyList.Contains(command.Party))
            {
                return new CommandOutcome(CommandStatus.Invalid, Field: "party",
                    Problem: $"is not a party to this request; it needs: {string.Join(", ", request.RequiredPartyList)}.");
            }
            for (var i = 0; i < command.Items.Count; i++)
            {
                var item = command.Items[i];
                if (item.Purpose == ConsentPurpose.Sharing && !request.AgencyList.Contains(item.Agency ?? ""))
                {
                    return new CommandOutcome(CommandStatus.Invalid, Field: $"items[{i}].agency",
                        Problem: $"is not an agency on this request: {string.Join(", ", request.AgencyList)}.");
                }
            }
            var now = time.GetUtcNow();
            var expires = command.ExpiresAt ?? now + options.CurrentValue.DefaultExpiry;
            await ConsentLedger.InsertDecisionsAsync(unitOfWork, command.Items.Select(item => new DecisionRow
            {
                Id = ids.NewId(),
                CaseId = command.CaseId,
                Party = command.Party,
                Purpose = item.Purpose,
                Agency = ScopeItem.For(item.Purpose, item.Agency).Agency,
                Granted = item.Granted,
                RecordedBy = command.RecordedBy,
                Method = command.Method,
                DocumentReference = command.DocumentReference,
                DecidedAt = now,
                ExpiresAt = item.Granted ? expires : null,
            }), cancellationToken);
            await ledger.RefreshAsync(unitOfWork, request, Change.Decision, cancellationToken);
            return null;
        });

    /// <summary>Withdrawal needs no If-Match: it must always be as easy as giving consent, and it wins over any stale view.</summary>
    public Task<CommandOutcome> WithdrawAsync(Withdraw command, CancellationToken cancellationToken) =>
        RunAsync(command.CaseId, null, null, "", cancellationToken, async (unitOfWork, request) =>
        {
            if (!request.RequiredPartyList.Contains(command.Party))
            {
                return new CommandOutcome(CommandStatus.Invalid, Field: "party",
                    Problem: $"is not a party to this request; it needs: {string.Join(", ", request.RequiredPartyList)}.");
            }
            var items = request.Scope.Where(item =>
                (command.Purposes.Count == 0 || command.Purposes.Contains(item.Purpose))
                && (command.Agencies.Count == 0 || item.Purpose != ConsentPurpose.Sharing || command.Agencies.Contains(item.Agency))).ToList();
            var now = time.GetUtcNow();
            await ConsentLedger.InsertDecisionsAsync(unitOfWork, items.Select(item => new DecisionRow
            {
                Id = ids.NewId(),
                CaseId = command.CaseId,
                Party = command.Party,
                Purpose = item.Purpose,
                Agency = item.Agency,
                Granted = false,
                Withdrawal = true,
                RecordedBy = command.RecordedBy,
                Method = command.Method,
                DecidedAt = now,
            }), cancellationToken);
            await ledger.RefreshAsync(unitOfWork, request, Change.Withdrawal, cancellationToken);
            return null;
        });

    /// <summary>A practitioner judges the child competent to decide alone, where the panel's rules allow it.</summary>
    public Task<CommandOutcome> RecordCompetenceAsync(Guid caseId, int expectedVersion, string judgement, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, null, "", cancellationToken, async (unitOfWork, request) =>
        {
            if (!options.CurrentValue.AllowCompetentChildAlone)
            {
                return new CommandOutcome(CommandStatus.Invalid, Field: "competent", Problem: "this panel requires a parent or carer as well.");
            }
            request.RequiredParties = Party.Child;
            request.CompetenceJudgement = judgement;
            await ledger.RefreshAsync(unitOfWork, request, Change.Decision, cancellationToken);
            return null;
        });

    /// <summary>Closes the request inside the caller's unit of work (a consumer's); nothing to do when it is unknown or closed.</summary>
    public async Task CloseWithinAsync(UnitOfWork unitOfWork, Guid caseId, string reason, CancellationToken cancellationToken)
    {
        var request = await ConsentLedger.LockRequestAsync(unitOfWork, caseId, cancellationToken);
        if (request is not { Status: RequestStatus.Open })
        {
            return;
        }
        var expected = request.Version;
        request.Status = RequestStatus.Closed;
        request.CloseReason = reason;
        await ledger.RefreshAsync(unitOfWork, request, Change.Withdrawal, cancellationToken);
        request.Version = expected + 1;
        if (!await ConsentLedger.UpdateRequestAsync(unitOfWork, request, expected, cancellationToken))
        {
            throw new System.Data.DBConcurrencyException("The consent request changed while it was closed; retrying.");
        }
    }

    public Task<CommandOutcome> CloseAsync(Guid caseId, int expectedVersion, string reason, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, null, "", cancellationToken, async (unitOfWork, request) =>
        {
            request.Status = RequestStatus.Closed;
            request.CloseReason = reason;
            await ledger.RefreshAsync(unitOfWork, request, Change.Withdrawal, cancellationToken);
            return null;
        });

    /// <param name="change">Applies the command; returns an outcome to stop with, or null to commit.</param>
    private async Task<CommandOutcome> RunAsync(Guid caseId, int? expectedVersion, string? idempotencyKey, string requestHash,
        CancellationToken cancellationToken, Func<UnitOfWork, ConsentRequestRow, Task<CommandOutcome?>> change)
    {
        try
        {
            await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
            if (idempotencyKey is not null)
            {
                await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.InsertIdempotencyKey,
                    new { key = idempotencyKey, requestHash, caseId, createdAt = time.GetUtcNow() }, cancellationToken));
            }
            var request = await ConsentLedger.LockRequestAsync(unitOfWork, caseId, cancellationToken);
            if (request is null)
            {
                return new CommandOutcome(CommandStatus.NotFound);
            }
            if (request.Status == RequestStatus.Closed)
            {
                return new CommandOutcome(CommandStatus.Closed, request, Problem: "The case's consent request is closed: no more decisions can be recorded.");
            }
            var version = request.Version;
            if (expectedVersion is { } expected && expected != version)
            {
                return new CommandOutcome(CommandStatus.StaleVersion, request);
            }
            if (await change(unitOfWork, request) is { } stop)
            {
                return stop;
            }
            request.Version = version + 1;
            if (!await ConsentLedger.UpdateRequestAsync(unitOfWork, request, version, cancellationToken))
            {
                return new CommandOutcome(CommandStatus.StaleVersion, request);
            }
            await unitOfWork.CommitAsync(cancellationToken);
            return new CommandOutcome(CommandStatus.Done, request);
        }
        catch (DbException ex) when (idempotencyKey is not null && dialect.IsUniqueViolation(ex))
        {
            // One read tells both whether the key caused the violation and what it was first used for.
            await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
            var earlierHash = await unitOfWork.Connection.ExecuteScalarAsync<string>(
                unitOfWork.Command(ConsentSql.FindIdempotencyKey, new { key = idempotencyKey }, cancellationToken));
            if (earlierHash is null)
            {
                throw;
            }
            return earlierHash == requestHash
                ? new CommandOutcome(CommandStatus.Replayed, await ConsentLedger.FindRequestAsync(unitOfWork, caseId, cancellationToken))
                : new CommandOutcome(CommandStatus.KeyReused);
        }
    }
}

using Microsoft.Extensions.Options;
using Yisp.Consent.Data;
using Yisp.Consent.Domain;
using Yisp.Contracts.Consent;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Consent.Application;

public sealed record DecisionItem(string Purpose, string? Agency, bool Granted);

public sealed record RecordDecisions(Guid CaseId, string Party, IReadOnlyList<DecisionItem> Items, string RecordedBy, string Method,
    string? DocumentReference, DateTimeOffset? ExpiresAt);

public sealed record Withdraw(Guid CaseId, string Party, IReadOnlyList<string> Purposes, IReadOnlyList<string> Agencies, string RecordedBy, string Method);

/// <summary>Opens consent requests and records decisions, withdrawals and competence judgements.</summary>
public sealed class ConsentCommands(
    UnitOfWorkFactory unitsOfWork, ConsentStore store, ConsentLedger ledger, IOptionsMonitor<ConsentOptions> options, IIdGenerator ids, TimeProvider time)
{
    /// <summary>Opens the case's request, or widens an open one to agencies a later referral named.</summary>
    public async Task OpenAsync(UnitOfWork unitOfWork, Guid caseId, IEnumerable<string> agencies, CancellationToken cancellationToken)
    {
        var request = await store.LockRequestAsync(unitOfWork, caseId, cancellationToken);
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
            await store.InsertRequestAsync(unitOfWork, request, cancellationToken);
            return;
        }
        var widened = request.AgencyList.Union(agencies).Distinct().Order(StringComparer.Ordinal).ToList();
        if (request.Status == RequestStatus.Open && widened.Count == request.AgencyList.Count)
        {
            // Another referral of a case whose consent is already in force: say so again, so that referral moves on too.
            var effective = await store.EffectiveAsync(unitOfWork, caseId, cancellationToken);
            if (effective.Count > 0)
            {
                unitOfWork.Publish(new ConsentGranted(caseId, [.. effective.Select(e => e.Item.Purpose).Distinct()],
                    [.. effective.Where(e => e.Item.Purpose == ConsentPurpose.Sharing).Select(e => e.Item.Agency)], time.GetUtcNow()));
            }
        }
        else if (request.Status == RequestStatus.Open)
        {
            request.Agencies = string.Join(',', widened);
            if (!await store.UpdateRequestAsync(unitOfWork, request, cancellationToken))
            {
                throw new System.Data.DBConcurrencyException("The consent request changed while it was widened; retrying.");
            }
            await ledger.RefreshAsync(unitOfWork, request, Change.Scope, cancellationToken);
        }
    }

    public Task<CommandOutcome<ConsentRequestRow>> RecordAsync(RecordDecisions command, int expectedVersion, CancellationToken cancellationToken) =>
        RunAsync(command.CaseId, expectedVersion, cancellationToken, async (unitOfWork, request) =>
        {
            if (!request.RequiredPartyList.Contains(command.Party))
            {
                return CommandOutcome<ConsentRequestRow>.Invalid("party",
                    $"is not a party to this request; it needs: {string.Join(", ", request.RequiredPartyList)}.");
            }
            for (var i = 0; i < command.Items.Count; i++)
            {
                var item = command.Items[i];
                if (item.Purpose == ConsentPurpose.Sharing && !request.AgencyList.Contains(item.Agency ?? ""))
                {
                    return CommandOutcome<ConsentRequestRow>.Invalid($"items[{i}].agency",
                        $"is not an agency on this request: {string.Join(", ", request.AgencyList)}.");
                }
            }
            var now = time.GetUtcNow();
            var expires = command.ExpiresAt ?? now + options.CurrentValue.DefaultExpiry;
            await store.InsertDecisionsAsync(unitOfWork, command.Items.Select(item => new DecisionRow
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
    public Task<CommandOutcome<ConsentRequestRow>> WithdrawAsync(Withdraw command, CancellationToken cancellationToken) =>
        RunAsync(command.CaseId, null, cancellationToken, async (unitOfWork, request) =>
        {
            if (!request.RequiredPartyList.Contains(command.Party))
            {
                return CommandOutcome<ConsentRequestRow>.Invalid("party",
                    $"is not a party to this request; it needs: {string.Join(", ", request.RequiredPartyList)}.");
            }
            var items = request.Scope.Where(item =>
                (command.Purposes.Count == 0 || command.Purposes.Contains(item.Purpose))
                && (command.Agencies.Count == 0 || item.Purpose != ConsentPurpose.Sharing || command.Agencies.Contains(item.Agency))).ToList();
            var now = time.GetUtcNow();
            await store.InsertDecisionsAsync(unitOfWork, items.Select(item => new DecisionRow
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
    public Task<CommandOutcome<ConsentRequestRow>> RecordCompetenceAsync(Guid caseId, int expectedVersion, string judgement, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, cancellationToken, async (unitOfWork, request) =>
        {
            if (!options.CurrentValue.AllowCompetentChildAlone)
            {
                return CommandOutcome<ConsentRequestRow>.NotAllowed("This panel's rules require a parent or carer as well: a child cannot consent alone.");
            }
            request.RequiredParties = Party.Child;
            request.CompetenceJudgement = judgement;
            await ledger.RefreshAsync(unitOfWork, request, Change.Decision, cancellationToken);
            return null;
        });

    /// <summary>Closes the request inside the caller's unit of work (a consumer's); nothing to do when it is unknown or closed.</summary>
    public async Task CloseWithinAsync(UnitOfWork unitOfWork, Guid caseId, string reason, CancellationToken cancellationToken)
    {
        var request = await store.LockRequestAsync(unitOfWork, caseId, cancellationToken);
        if (request is not { Status: RequestStatus.Open })
        {
            return;
        }
        request.Status = RequestStatus.Closed;
        request.CloseReason = reason;
        await ledger.RefreshAsync(unitOfWork, request, Change.Withdrawal, cancellationToken);
        if (!await store.UpdateRequestAsync(unitOfWork, request, cancellationToken))
        {
            throw new System.Data.DBConcurrencyException("The consent request changed while it was closed; retrying.");
        }
    }

    public Task<CommandOutcome<ConsentRequestRow>> CloseAsync(Guid caseId, int expectedVersion, string reason, CancellationToken cancellationToken) =>
        RunAsync(caseId, expectedVersion, cancellationToken, async (unitOfWork, request) =>
        {
            request.Status = RequestStatus.Closed;
            request.CloseReason = reason;
            await ledger.RefreshAsync(unitOfWork, request, Change.Withdrawal, cancellationToken);
            return null;
        });

    /// <param name="change">Applies the command; returns an outcome to stop with, or null to commit.</param>
    private async Task<CommandOutcome<ConsentRequestRow>> RunAsync(Guid caseId, int? expectedVersion, CancellationToken cancellationToken,
        Func<UnitOfWork, ConsentRequestRow, Task<CommandOutcome<ConsentRequestRow>?>> change)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var request = await store.LockRequestAsync(unitOfWork, caseId, cancellationToken);
        if (request is null)
        {
            return CommandOutcome<ConsentRequestRow>.NotFound();
        }
        if (request.Status == RequestStatus.Closed)
        {
            return CommandOutcome<ConsentRequestRow>.NotAllowed("The case's consent request is closed: no more decisions can be recorded.");
        }
        if (expectedVersion is { } expected && expected != request.Version)
        {
            return CommandOutcome<ConsentRequestRow>.Stale();
        }
        if (await change(unitOfWork, request) is { } stop)
        {
            return stop;
        }
        if (!await store.UpdateRequestAsync(unitOfWork, request, cancellationToken))
        {
            return CommandOutcome<ConsentRequestRow>.Stale();
        }
        await unitOfWork.CommitAsync(cancellationToken);
        return CommandOutcome<ConsentRequestRow>.Done(request);
    }
}

using System.Data;
using Dapper;
using Microsoft.Extensions.Options;
using Yisp.Data;

namespace Yisp.Audit;

/// <summary>Appends to and reads the service's hash-chained audit trail. Rows are only ever inserted.</summary>
public sealed class AuditTrail(Database database, AuditQueue queue, IOptions<AuditOptions> options, TimeProvider time)
{
    /// <summary>Queues the entry for the writer and returns once it is committed (with the others that arrived meanwhile).</summary>
    public Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) => queue.EnqueueAsync(entry, cancellationToken);

    /// <summary>
    /// Appends entries in order in one transaction: one lock on the chain head and one commit for the lot,
    /// so the trail's cost per request falls as the load rises instead of capping it.
    /// </summary>
    public async Task<IReadOnlyList<AuditRecord>> AppendBatchAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var head = await connection.QuerySingleAsync<ChainHead>(new CommandDefinition(AuditSql.LockAndReadHead(database.Dialect),
            transaction: transaction, cancellationToken: cancellationToken));
        var now = AuditHash.Canonical(time.GetUtcNow());
        var (sequence, previous) = (head.LastSequence, head.LastHash);
        var records = new List<AuditRecord>(entries.Count);
        foreach (var entry in entries)
        {
            var record = new AuditRecord
            {
                Sequence = ++sequence,
                RecordedAt = now,
                ClientId = entry.ClientId,
                Agency = entry.Agency,
                UserName = entry.UserName,
                ResourceType = entry.ResourceType,
                ResourceId = entry.ResourceId,
                OwnerAgency = entry.OwnerAgency,
                Action = entry.Action,
                Purpose = entry.Purpose,
                Outcome = entry.Outcome,
                CorrelationId = entry.CorrelationId,
                PreviousHash = previous,
            };
            record.Hash = previous = AuditHash.Compute(options.Value.Key, record);
            records.Add(record);
        }
        await connection.ExecuteAsync(new CommandDefinition(AuditSql.InsertBatch(records.Count), BatchParameters(records), transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return records;
    }

    private DynamicParameters BatchParameters(List<AuditRecord> records)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            parameters.Add($"Sequence{i}", r.Sequence);
            parameters.Add($"RecordedAt{i}", r.RecordedAt);
            parameters.Add($"ClientId{i}", r.ClientId);
            parameters.Add($"Agency{i}", r.Agency);
            parameters.Add($"UserName{i}", r.UserName);
            parameters.Add($"ResourceType{i}", r.ResourceType);
            parameters.Add($"ResourceId{i}", r.ResourceId);
            parameters.Add($"OwnerAgency{i}", r.OwnerAgency);
            parameters.Add($"Action{i}", r.Action);
            parameters.Add($"Purpose{i}", r.Purpose);
            parameters.Add($"Outcome{i}", r.Outcome);
            parameters.Add($"CorrelationId{i}", r.CorrelationId);
            parameters.Add($"PreviousHash{i}", r.PreviousHash);
            parameters.Add($"Hash{i}", r.Hash);
        }
        var last = records[^1];
        parameters.Add("LastSequence", last.Sequence);
        parameters.Add("LastHash", last.Hash);
        parameters.Add("HeadMac", AuditHash.ComputeHead(options.Value.Key, last.Sequence, last.Hash));
        return parameters;
    }

    /// <summary>Records matching every filter given, oldest first, after the sequence number <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string> { "sequence > @After" };
        if (query.ResourceId is not null)
        {
            where.Add("resource_id = @ResourceId");
        }

        if (query.Agency is not null)
        {
            where.Add("agency = @Agency");
        }

        if (query.OwnerAgency is not null)
        {
            where.Add("owner_agency = @OwnerAgency");
        }

        if (query.ClientId is not null)
        {
            where.Add("client_id = @ClientId");
        }

        if (query.Outcome is not null)
        {
            where.Add("outcome = @Outcome");
        }

        if (query.From is not null)
        {
            where.Add("recorded_at >= @From");
        }

        if (query.To is not null)
        {
            where.Add("recorded_at < @To");
        }

        var sql = $"SELECT {AuditSql.Columns} FROM audit_log WHERE {string.Join(" AND ", where)} ORDER BY sequence OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY";
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<AuditRecord>(new CommandDefinition(sql, query, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Walks the whole chain: a changed record fails its hash, a deleted one leaves a gap or a head past the
    /// end. With a <paramref name="checkpoint"/> kept outside the database (<see cref="AuditCheckpointJob"/>),
    /// it also finds a restored earlier copy: the trail must still hold that record with that hash.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken, AuditCheckpoint? checkpoint = null)
    {
        var key = options.Value.Key;
        var problems = new List<string>();
        long expected = 1, count = 0;
        var previous = AuditHash.Genesis;
        await using var connection = await database.OpenAsync(cancellationToken);
        var head = await connection.QuerySingleAsync<ChainHead>(new CommandDefinition(AuditSql.ReadHead, cancellationToken: cancellationToken));
        if (head.LastSequence > 0 && head.HeadMac != AuditHash.ComputeHead(key, head.LastSequence, head.LastHash))
        {
            problems.Add("the chain head has been altered");
        }
        if (head.LastSequence == 0
            && await connection.ExecuteScalarAsync<long>(new CommandDefinition(AuditSql.CountRecords, cancellationToken: cancellationToken)) > 0)
        {
            problems.Add("the chain head was reset to the start while records remain");
        }
        await foreach (var record in connection.QueryUnbufferedAsync<AuditRecord>(AuditSql.SelectUpTo, head).WithCancellation(cancellationToken))
        {
            count++;
            if (record.Sequence != expected)
            {
                problems.Add(record.Sequence == expected + 1
                    ? $"record {expected} is missing"
                    : $"records {expected} to {record.Sequence - 1} are missing");
            }
            if (record.PreviousHash != previous)
            {
                problems.Add($"record {record.Sequence} does not follow the record before it");
            }
            if (AuditHash.Compute(key, record) != record.Hash)
            {
                problems.Add($"record {record.Sequence} has been changed");
            }
            if (checkpoint is not null && record.Sequence == checkpoint.Sequence && record.Hash != checkpoint.Hash)
            {
                problems.Add($"record {record.Sequence} is not the one checkpointed: the trail was rewritten from there");
            }
            expected = record.Sequence + 1;
            previous = record.Hash;
        }
        if (checkpoint is not null && checkpoint.Sequence > head.LastSequence)
        {
            problems.Add($"the trail ends at record {head.LastSequence}, before checkpoint {checkpoint.Sequence}: an earlier copy was restored or records removed");
        }
        if (head.LastSequence != expected - 1 || head.LastHash != previous)
        {
            problems.Add($"the chain ends at record {expected - 1} but its head says {head.LastSequence}: records were removed from the end");
        }
        return new AuditVerification(problems.Count == 0, count, problems);
    }

    /// <summary>Where the chain ends now, for a checkpoint.</summary>
    public async Task<AuditCheckpoint> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var head = await connection.QuerySingleAsync<ChainHead>(new CommandDefinition(AuditSql.ReadHead, cancellationToken: cancellationToken));
        return new AuditCheckpoint(head.LastSequence, head.LastHash);
    }

    private sealed record ChainHead(long LastSequence, string LastHash, string? HeadMac);
}

public sealed record AuditQuery(
    string? ResourceId = null, string? Agency = null, string? OwnerAgency = null, string? ClientId = null, string? Outcome = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, long After = 0, int Limit = 100);

public sealed record AuditVerification(bool Intact, long Records, IReadOnlyList<string> Problems);

/// <summary>A record's number and hash, written down outside the database ("sequence:hash").</summary>
public sealed record AuditCheckpoint(long Sequence, string Hash)
{
    public static AuditCheckpoint? Parse(string? text) =>
        text?.Split(':') is [var sequence, { Length: 64 } hash] && long.TryParse(sequence, out var number) && number > 0
            ? new AuditCheckpoint(number, hash.ToLowerInvariant())
            : null;

    public override string ToString() => $"{Sequence}:{Hash}";
}

using System.Data.Common;
using Yisp.Reporting.Data;

namespace Yisp.Reporting.Application;

/// <summary>
/// The read model kept in memory, so the dashboard's figures are computed without reading every row each time.
/// Each query asks the database for the read model's version (one small read): when it moved on, only the rows
/// changed since are fetched; when a rebuild started a new generation, everything is loaded again. Figures are
/// therefore as fresh as the database, never older.
/// </summary>
public sealed class ReadModelSnapshot(ReadModelStore store)
{
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile Loaded? current;

    public async Task<ReadModel> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var state = await store.StateAsync(connection, cancellationToken);
        if (current is { } loaded && loaded.Covers(state))
        {
            return loaded.Model;
        }
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            if (current is { } again && again.Covers(state))
            {
                return again.Model;
            }
            var fresh = current is { } old && old.State.Generation == state.Generation
                ? await old.WithChangesAsync(store, connection, state, cancellationToken)
                : await Loaded.AllAsync(store, connection, state, cancellationToken);
            current = fresh;
            return fresh.Model;
        }
        finally
        {
            refreshing.Release();
        }
    }

    private sealed class Loaded(ReadModelState state, Dictionary<Guid, ReferralFacts> referrals, Dictionary<Guid, CaseFacts> cases,
        Dictionary<Guid, InterventionFacts> interventions, Dictionary<Guid, AssessmentFacts> assessments,
        Dictionary<(Guid, DateTimeOffset), ReviewFacts> reviews)
    {
        public ReadModelState State => state;

        public ReadModel Model { get; } = new(referrals.Values, cases.Values, interventions.Values, assessments.Values, reviews.Values);

        public bool Covers(ReadModelState other) => other.Generation == state.Generation && other.Version <= state.Version;

        public static async Task<Loaded> AllAsync(ReadModelStore store, DbConnection connection, ReadModelState state, CancellationToken cancellationToken) =>
            await new Loaded(state with { Version = 0 }, [], [], [], [], []).WithChangesAsync(store, connection, state, cancellationToken, everything: true);

        /// <summary>A new snapshot: this one's rows (copied, so queries still reading this one are undisturbed) with the changed rows replaced.</summary>
        public async Task<Loaded> WithChangesAsync(ReadModelStore store, DbConnection connection, ReadModelState to, CancellationToken cancellationToken,
            bool everything = false)
        {
            // Read the rows after reading the state: a row written meanwhile is read now and again next time, never missed.
            long? after = everything ? null : state.Version;
            return new Loaded(to,
                With(referrals, await store.RowsAsync(connection, ReadModelTables.Referrals, after, cancellationToken), r => r.ReferralId),
                With(cases, await store.RowsAsync(connection, ReadModelTables.Cases, after, cancellationToken), c => c.CaseId),
                With(interventions, await store.RowsAsync(connection, ReadModelTables.Interventions, after, cancellationToken), i => i.InterventionId),
                With(assessments, await store.RowsAsync(connection, ReadModelTables.Assessments, after, cancellationToken), a => a.AssessmentId),
                With(reviews, await store.RowsAsync(connection, ReadModelTables.Reviews, after, cancellationToken), r => (r.CaseId, r.DueAt)));
        }

        private static Dictionary<TKey, T> With<TKey, T>(Dictionary<TKey, T> rows, List<T> changed, Func<T, TKey> key)
            where TKey : notnull
        {
            if (changed.Count == 0)
            {
                return rows;
            }
            var copy = new Dictionary<TKey, T>(rows);
            changed.ForEach(row => copy[key(row)] = row);
            return copy;
        }
    }
}

using Microsoft.AspNetCore.Mvc;

namespace Yisp.Consent.Api;

public sealed record DecisionItemRequest(string? Purpose, string? Agency, bool? Granted);

public sealed record RecordDecisionsRequest(
    string? Party, string? RecordedBy, string? Method, string? DocumentReference, DateTimeOffset? ExpiresAt, IReadOnlyList<DecisionItemRequest>? Items);

public sealed record WithdrawRequest(string? Party, string? RecordedBy, string? Method, IReadOnlyList<string>? Purposes, IReadOnlyList<string>? Agencies);

public sealed record CompetenceRequest(string? Judgement);

public sealed record CloseRequest(string? Reason);

public sealed record EffectiveView(string Purpose, string? Agency, DateTimeOffset ExpiresAt);

public sealed record ConsentView(
    Guid CaseId, string Status, string? CloseReason, IReadOnlyList<string> Agencies, IReadOnlyList<string> RequiredParties,
    string? CompetenceJudgement, IReadOnlyList<EffectiveView> Effective, int Version);

public sealed record DecisionView(
    Guid Id, string Party, string Purpose, string? Agency, bool Granted, bool Withdrawal, string RecordedBy, string Method,
    string? DocumentReference, DateTimeOffset DecidedAt, DateTimeOffset? ExpiresAt);

/// <summary>The query of GET /api/consent/check; values are read as text so a bad one is a 400 naming it.</summary>
public sealed record CheckQuery(
    [property: FromQuery(Name = "caseId")] string? CaseId,
    [property: FromQuery(Name = "agency")] string? Agency,
    [property: FromQuery(Name = "purpose")] string? Purpose);

public sealed record CheckView(Guid CaseId, string Agency, string Purpose, bool Allowed, DateTimeOffset? ExpiresAt);

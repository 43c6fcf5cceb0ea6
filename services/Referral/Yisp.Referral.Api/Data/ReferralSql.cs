namespace Yisp.Referral.Data;

/// <summary>The referral service's statements: portable SQL, run as-is on PostgreSQL and SQL Server.</summary>
public static class ReferralSql
{
    private const string Columns =
        "id, referring_agency, child_given_name, child_family_name, child_date_of_birth, postcode, reasons, status, received_at";

    public const string Insert = $"""
        INSERT INTO referrals ({Columns})
        VALUES (@Id, @ReferringAgency, @ChildGivenName, @ChildFamilyName, @ChildDateOfBirth, @Postcode, @Reasons, @Status, @ReceivedAt)
        """;

    public const string FindById = $"SELECT {Columns} FROM referrals WHERE id = @id";
}

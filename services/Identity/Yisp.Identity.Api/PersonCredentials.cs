namespace Yisp.Identity;

/// <summary>
/// Checks a person's user name and password against the registrations. An unknown user costs the same hash work as
/// a wrong password, so timing does not tell which names exist; the answer never says which of the two was wrong.
/// </summary>
public static class PersonCredentials
{
    public static UserRegistration? Check(TokenServiceOptions settings, string? userName, string? password)
    {
        if (string.IsNullOrEmpty(userName) || !settings.Users.TryGetValue(userName, out var user))
        {
            SecretHasher.VerifyNothing(password ?? "", TypicalIterations(settings));
            return null;
        }
        return password is not null && SecretHasher.Verify(password, user.PasswordHash) ? user : null;
    }

    /// <summary>The rounds most registrations use, so a check against nothing takes as long as a real one.</summary>
    public static int TypicalIterations(TokenServiceOptions settings) =>
        settings.Users.Values.Select(u => u.PasswordHash).Concat(settings.Clients.Values.Select(c => c.SecretHash))
            .Select(SecretHasher.IterationsOf).Where(n => n > 0).GroupBy(n => n).OrderByDescending(g => g.Count()).Select(g => g.Key)
            .DefaultIfEmpty(SecretHasher.DefaultIterations).First();
}

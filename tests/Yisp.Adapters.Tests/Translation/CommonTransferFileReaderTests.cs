using Yisp.Adapters.Education.Translation;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Tests.Translation;

public sealed class CommonTransferFileReaderTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static readonly CtfReferralDetails Details =
        new(new ReferralPractitioner("Epsilon Testteacher", "Designated safeguarding lead", "epsilon@example.org", null), "Withdrawn in class.", "routine");

    private const string Ctf = """
    <?xml version="1.0" encoding="UTF-8"?>
    <CTfile>
      <Header>
        <DocumentName>Common Transfer File</DocumentName>
        <CTFversion>24.0</CTFversion>
        <DateTime>2026-11-30T10:00:00</DateTime>
        <DocumentQualifier>partial</DocumentQualifier>
        <SupplierID>Test MIS</SupplierID>
        <SourceSchool><LEA>999</LEA><Estab>9999</Estab><SchoolName>Testtown Academy</SchoolName><AcademicYear>2026</AcademicYear></SourceSchool>
        <DestSchool><LEA>999</LEA><Estab>MMM</Estab></DestSchool>
      </Header>
      <CTFpupilData>
        <Pupil>
          <UPN>V999999999012</UPN>
          <Surname>Testchild</Surname>
          <Forename>Alfred</Forename>
          <DOB>2014-03-09</DOB>
          <Sex>M</Sex>
          <BasicDetails><MiddleNames>Example</MiddleNames><NCyearActual>7</NCyearActual></BasicDetails>
          <Address>
            <BS7666Address><PAON>1</PAON><Street>Example Street</Street><Town>Testtown</Town></BS7666Address>
            <Postcode>SW1A 1AA</Postcode>
          </Address>
          <Contacts>
            <Contact>
              <Order>1</Order><Title>Ms</Title><Surname>Testparent</Surname><Forename>Beta</Forename>
              <Relationship>MUM</Relationship><Responsibility>true</Responsibility>
              <Phones><Phone><TelephoneType>H</TelephoneType><PhoneNo>01632 960001</PhoneNo></Phone></Phones>
            </Contact>
          </Contacts>
          <Attendance>
            <YearData><Year>2025</Year><SessionsPossible>380</SessionsPossible><SessionsAuthorised>4</SessionsAuthorised><SessionsUnauthorised>2</SessionsUnauthorised></YearData>
            <YearData><Year>2026</Year><SessionsPossible>200</SessionsPossible><SessionsAuthorised>10</SessionsAuthorised><SessionsUnauthorised>20</SessionsUnauthorised></YearData>
          </Attendance>
          <Exclusions>
            <Exclusion><Category>SUSP</Category><Sessions>6</Sessions></Exclusion>
          </Exclusions>
        </Pupil>
      </CTFpupilData>
    </CTfile>
    """;

    [Fact]
    public void A_ctf_for_one_pupil_gives_the_referral()
    {
        var result = CommonTransferFileReader.Read(Ctf, Details, Today);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var (referral, child) = (result.Value, result.Value.Child);
        Assert.Equal(("Alfred", "Testchild", "Example", "male"), (child.GivenName, child.FamilyName, Assert.Single(child.OtherNames), child.Sex));
        Assert.Equal(("V999999999012", "Testtown Academy"), (child.Upn, child.School));
        Assert.Equal(new ReferralAddress("1 Example Street", null, "Testtown", "SW1A 1AA"), child.Address);
        Assert.Equal(new ReferralParentCarer("Beta Testparent", "MUM", true, "01632 960001", null), Assert.Single(referral.ParentsCarers));
        Assert.Equal(["persistent-absence", "exclusion"], referral.RiskFactors);
        Assert.Equal("Withdrawn in class.\nAttendance: 85% of possible sessions, 30 sessions missed.\nExclusions: 1, 3 days of suspension.", referral.Reasons);
        Assert.Equal(Details.Practitioner, referral.Practitioner);
    }

    [Fact]
    public void Errors_name_the_element_path()
    {
        var ctf = Ctf.Replace("<DOB>2014-03-09</DOB>", "<DOB>2014-13-01</DOB>").Replace("<UPN>V999999999012</UPN>", "<UPN>W999999999012</UPN>")
            .Replace("<Postcode>SW1A 1AA</Postcode>", "");

        var paths = CommonTransferFileReader.Read(ctf, Details, Today).Errors.Select(e => e.Path).Order().ToList();

        Assert.Equal(["CTfile/CTFpupilData/Pupil/Address/Postcode", "CTfile/CTFpupilData/Pupil/DOB", "CTfile/CTFpupilData/Pupil/UPN"], paths);
    }

    [Fact]
    public void A_dtd_is_refused_so_no_entity_is_ever_expanded()
    {
        var ctf = Ctf.Replace("<CTfile>", "<!DOCTYPE CTfile [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n<CTfile>")
            .Replace("<Forename>Alfred</Forename>", "<Forename>&x;</Forename>");

        var error = Assert.Single(CommonTransferFileReader.Read(ctf, Details, Today).Errors);

        Assert.Contains("DTD", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_ctf_is_refused_at_its_root()
    {
        var error = Assert.Single(CommonTransferFileReader.Read("<Pupils/>", Details, Today).Errors);

        Assert.Equal("Pupils", error.Path);
    }

    [Fact]
    public void A_ctf_of_two_pupils_is_refused()
    {
        var pupil = Ctf[Ctf.IndexOf("<Pupil>", StringComparison.Ordinal)..(Ctf.IndexOf("</Pupil>", StringComparison.Ordinal) + 8)];
        var ctf = Ctf.Replace("</CTFpupilData>", pupil + "</CTFpupilData>");

        Assert.Equal("CTfile/CTFpupilData/Pupil", Assert.Single(CommonTransferFileReader.Read(ctf, Details, Today).Errors).Path);
    }

    [Fact]
    public void A_pupil_without_attendance_or_concerns_has_no_reasons()
    {
        var start = Ctf.IndexOf("<Attendance>", StringComparison.Ordinal);
        var ctf = Ctf.Remove(start, Ctf.IndexOf("</Exclusions>", StringComparison.Ordinal) + "</Exclusions>".Length - start);

        var error = Assert.Single(CommonTransferFileReader.Read(ctf, Details with { Concerns = null }, Today).Errors);

        Assert.Equal("CTfile/CTFpupilData/Pupil/Attendance", error.Path);
    }
}

namespace Retain.Server.Tests.Api;

/// <summary>Every API test runs on both providers.</summary>
public sealed class Providers : TheoryData<string>
{
    public Providers()
    {
        Add("sqlite");
        Add("postgres");
    }
}

using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Retain.Core.Security;

namespace Retain.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer rtn_…</c> or <c>X-Api-Key: rtn_…</c> against the stored keys. Only the key's
/// public prefix is ever logged, never the token.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>The token the request carries, or null when it carries none.</summary>
    public static string? ReadToken(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var apiKey) && apiKey.Count > 0)
            return apiKey[0]?.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (token is null)
            return AuthenticateResult.NoResult();
        var key = await keys.AuthenticateAsync(token, Context.RequestAborted);
        if (key is null)
        {
            LogRejected(Logger, ApiKeyTokens.TryParse(token, out var prefix, out _) ? prefix : "(malformed)");
            return AuthenticateResult.Fail("The API key is unknown, revoked or wrong.");
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, key.Name),
            new(RetainClaims.Caller, $"key:{key.Id}"),
            new(RetainClaims.KeyPrefix, key.Prefix),
        };
        claims.AddRange(ApiScopes.Effective(key.ScopeList).Select(s => new Claim(RetainClaims.Scope, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"retain\"";
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected API key {Prefix}")]
    private static partial void LogRejected(ILogger logger, string prefix);
}

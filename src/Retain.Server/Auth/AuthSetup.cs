using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Retain.Core.Security;

namespace Retain.Server.Auth;

/// <summary>
/// Authentication (API keys for shops, a cookie for dashboard users, chosen per request by whether a key is
/// presented), one authorization policy per scope, and a per-caller rate limit.
/// </summary>
public static class AuthSetup
{
    public const string ApiKeyScheme = "ApiKey";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string SelectorScheme = "KeyOrCookie";

    public static IServiceCollection AddRetainAuth(this IServiceCollection services)
    {
        services.AddRetainSecurity();
        // One key ring for every server on the database, under one application name so they can read each other's cookies.
        services.AddDataProtection().SetApplicationName("Retain");
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<IServiceProvider>((o, sp) => o.XmlRepository = new DatabaseKeyRepository(sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Retain.Core.Storage.RetainDbContext>>()));
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key or session cookie", o =>
                o.ForwardDefaultSelector = c => ApiKeyAuthenticationHandler.ReadToken(c.Request) is null ? CookieScheme : ApiKeyScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "retain_session";
                o.Cookie.HttpOnly = true;
                // Strict: the cookie never rides on a request another site starts, which is the CSRF defence for a JSON API.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // An API answers with status codes, not redirects to a login page.
                o.Events.OnRedirectToLogin = c => SetStatus(c.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => SetStatus(c.Response, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = RefreshUserAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Read, p => p.RequireAuthenticatedUser().RequireClaim(RetainClaims.Scope, ApiScopes.Read))
            .AddPolicy(AuthPolicies.Ingest, p => p.RequireAuthenticatedUser().RequireClaim(RetainClaims.Scope, ApiScopes.Ingest))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim(RetainClaims.Scope, ApiScopes.Admin));
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(ApiRateLimitOptions.PolicyName, Partition);
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>The claims a signed-in user carries; rebuilt on every request so a role change or disabling applies at once.</summary>
    public static ClaimsPrincipal PrincipalOf(User user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Email),
            new(ClaimTypes.Role, user.Role.ToString()),
            new(RetainClaims.Caller, $"user:{user.Id}"),
        };
        claims.AddRange(User.ScopesOf(user.Role).Select(s => new Claim(RetainClaims.Scope, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme));
    }

    private static async Task RefreshUserAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var user = long.TryParse(id, CultureInfo.InvariantCulture, out var userId)
            ? await context.HttpContext.RequestServices.GetRequiredService<UserAccounts>().FindAsync(userId, context.HttpContext.RequestAborted)
            : null;
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        context.ReplacePrincipal(PrincipalOf(user));
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
        var caller = RetainClaims.CallerOf(context.User) ?? $"ip:{context.Connection.RemoteIpAddress}";
        if (!options.Enabled)
            return RateLimitPartition.GetNoLimiter(caller);
        return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = 429, Title = "Too many requests", Detail = "This API key's request rate is over its limit; retry after the Retry-After seconds." },
        });
    }

    private static Task SetStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}

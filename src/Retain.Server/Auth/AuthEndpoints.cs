using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Retain.Core.Security;

namespace Retain.Server.Auth;

/// <summary>Cookie sign-in for dashboard users, and "who am I" for users and API keys alike.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth").RequireRateLimiting(ApiRateLimitOptions.PolicyName);
        group.MapPost("/login", Login).AllowAnonymous().WithSummary("Sign a dashboard user in (sets the session cookie)");
        group.MapPost("/logout", (Delegate)Logout).AllowAnonymous().WithSummary("Sign out (clears the session cookie)");
        group.MapGet("/me", Me).RequireAuthorization().WithSummary("The signed-in user or the API key making the request");
        return app;
    }

    public sealed record LoginRequest(
        [property: Required, EmailAddress, MaxLength(320)] string Email,
        [property: Required, MaxLength(1000)] string Password);

    /// <summary>Who is calling: a dashboard user (with a role) or an API key, and the scopes that gives.</summary>
    public sealed record MeResponse(string Kind, long Id, string Name, string? Role, IReadOnlyList<string> Scopes);

    internal static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Login(LoginRequest request, UserAccounts users, HttpContext context)
    {
        var user = await users.SignInAsync(request.Email, request.Password, context.RequestAborted);
        if (user is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: "Unknown e-mail, wrong password or disabled user.");
        var principal = AuthSetup.PrincipalOf(user);
        await context.SignInAsync(AuthSetup.CookieScheme, principal);
        return TypedResults.Ok(Describe(principal));
    }

    internal static async Task<NoContent> Logout(HttpContext context)
    {
        await context.SignOutAsync(AuthSetup.CookieScheme);
        return TypedResults.NoContent();
    }

    internal static Ok<MeResponse> Me(ClaimsPrincipal user) => TypedResults.Ok(Describe(user));

    private static MeResponse Describe(ClaimsPrincipal user)
    {
        var caller = RetainClaims.CallerOf(user) ?? "";
        var id = long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        return new MeResponse(
            caller.StartsWith("key:", StringComparison.Ordinal) ? "api_key" : "user",
            id,
            user.Identity?.Name ?? "",
            user.FindFirstValue(ClaimTypes.Role),
            [.. user.FindAll(RetainClaims.Scope).Select(c => c.Value).Order(StringComparer.Ordinal)]);
    }
}

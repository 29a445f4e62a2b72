using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Retain.Core.Loyalty;
using Retain.Server.Auth;

namespace Retain.Server.Loyalty;

/// <summary>The storefront widget's tokens (section <c>Retain:Loyalty:Shopper</c>); see <see cref="ShopperTokens"/>.</summary>
public sealed class ShopperOptions
{
    public const string SectionName = "Retain:Loyalty:Shopper";

    /// <summary>The secret shared with the shop's backend, at least 32 characters; no secret, no shopper API.</summary>
    [MinLength(32)]
    public string? Secret { get; set; }

    /// <summary>Tokens that live longer than this (exp − iat) are refused: a leaked token must not stay useful.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tolerated clock difference with the shop's backend for a token's issue time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Signs a shopper in from the <c>X-Shopper-Token</c> header; used only by the shopper endpoints' policy.</summary>
internal sealed partial class ShopperAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggers, UrlEncoder encoder,
    IOptions<ShopperOptions> shopper, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    public const string SchemeName = "ShopperToken";
    public const string Header = "X-Shopper-Token";
    public const string Claim = "retain:shopper";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Headers[Header].ToString();
        if (token.Length == 0)
            return Task.FromResult(AuthenticateResult.NoResult());
        var o = shopper.Value;
        if (string.IsNullOrEmpty(o.Secret))
            return Task.FromResult(AuthenticateResult.Fail("The shopper API is not configured (Retain:Loyalty:Shopper:Secret)."));
        var customer = ShopperTokens.Validate(o.Secret, token, time.GetUtcNow(), o.MaxLifetime, o.ClockSkew, out var reason);
        if (customer is null)
        {
            LogRejected(Logger, reason);
            return Task.FromResult(AuthenticateResult.Fail($"The shopper token is {reason}."));
        }
        var identity = new ClaimsIdentity([new Claim(Claim, customer), new Claim(RetainClaims.Caller, "shopper:" + customer)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shopper token refused: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}

internal static class ShopperAuthentication
{
    public const string Policy = "shopper";

    public static IServiceCollection AddShopperAuthentication(this IServiceCollection services)
    {
        services.AddOptions<ShopperOptions>().BindConfiguration(ShopperOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ShopperAuthenticationHandler>(ShopperAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(ShopperAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser().RequireClaim(ShopperAuthenticationHandler.Claim));
        return services;
    }

    public static string ShopperOf(ClaimsPrincipal user) => user.FindFirst(ShopperAuthenticationHandler.Claim)!.Value;
}

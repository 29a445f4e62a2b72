using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Retain.Core.Loyalty;

/// <summary>The programme's referral rules (<see cref="LoyaltyRules.Referrals"/>); none means no referrals.</summary>
public sealed record ReferralRules
{
    /// <summary>Points for the member whose code was used, once the referred customer's first paid order is past the return window.</summary>
    public long ReferrerPoints { get; init; }

    /// <summary>Points for the referred customer, at the same moment.</summary>
    public long ReferredPoints { get; init; }

    /// <summary>The shop's page a referral link opens; the link is <c>{BaseUrl}?ref=CODE</c>.</summary>
    public string BaseUrl { get; init; } = "";

    /// <summary>At most this many accepted referrals per referrer within <see cref="LimitPeriod"/>; null means no limit.</summary>
    public int? MaxPerReferrer { get; init; }

    public TimeSpan LimitPeriod { get; init; } = TimeSpan.FromDays(30);
}

[JsonConverter(typeof(JsonStringEnumConverter<ReferralStatus>))]
public enum ReferralStatus
{
    Pending = 0,
    Rewarded = 1,
    Rejected = 2,
}

/// <summary>Why a referral was rejected; stored as text so a listing needs no lookup.</summary>
public static class ReferralReasons
{
    public const string SameEmail = "same_email";
    public const string SameAddress = "same_address";
    public const string SameDevice = "same_device";
    public const string ReferrerLimit = "referrer_limit";
    public const string ExistingCustomer = "existing_customer";
    public const string FirstOrderRefunded = "first_order_refunded";
}

/// <summary>A member's own referral code: created once, on first request, and never changed.</summary>
public sealed class LoyaltyReferralCode
{
    public long CustomerId { get; set; }
    public required string Code { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One referred customer (at most one referral each, whatever its state). The points are fixed when it is attached,
/// from the rule version then in force (<see cref="RuleSetId"/>), so what the pair were promised is what they get.
/// </summary>
public sealed class LoyaltyReferral
{
    public long Id { get; set; }
    public long ReferrerId { get; set; }
    public long ReferredId { get; set; }
    public required string Code { get; set; }
    public ReferralStatus Status { get; set; }
    public string? Reason { get; set; }
    public long? RuleSetId { get; set; }
    public long ReferrerPoints { get; set; }
    public long ReferredPoints { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The referred customer's first paid order, once it settled the referral.</summary>
    public string? OrderRef { get; set; }
    public DateTime? ResolvedAt { get; set; }
    /// <summary>The settling transaction (reward or rejection); its key is per referral, so it happens once.</summary>
    public long? SettleTransactionId { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<EvidenceKind>))]
public enum EvidenceKind
{
    Email = 0,
    Address = 1,
    Device = 2,
}

/// <summary>
/// Something the shop saw of a customer (an e-mail, a delivery address, a device id), kept only as a hash of its
/// normalised form: enough to tell two customers apart or not, nothing to leak.
/// </summary>
public sealed class LoyaltyEvidence
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public EvidenceKind Kind { get; set; }
    public required string Hash { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>Normalises and hashes evidence, so "Anna.K+promo@Gmail.com" and "annak@gmail.com" are one person.</summary>
public static class ReferralEvidence
{
    public static string? Hash(EvidenceKind kind, string? value) =>
        Normalise(kind, value) is { Length: > 0 } n ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{n}"))) : null;

    public static string? Normalise(EvidenceKind kind, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var text = value.Trim().ToLowerInvariant();
        return kind switch
        {
            EvidenceKind.Email => Email(text),
            // Letters and digits only: "ul. Długa 5/3, 00-001" and "UL DŁUGA 5 3 00001" are one address.
            EvidenceKind.Address => string.Concat(text.Normalize(NormalizationForm.FormC).Where(char.IsLetterOrDigit)),
            _ => text,
        };
    }

    /// <summary>Drops a "+tag" (every large provider delivers it to the same box) and, for Gmail, the dots it ignores.</summary>
    private static string Email(string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0)
            return email;
        var (local, domain) = (email[..at], email[(at + 1)..]);
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
            local = local[..plus];
        if (domain is "gmail.com" or "googlemail.com")
            (local, domain) = (local.Replace(".", "", StringComparison.Ordinal), "gmail.com");
        return string.Create(CultureInfo.InvariantCulture, $"{local}@{domain}");
    }
}
